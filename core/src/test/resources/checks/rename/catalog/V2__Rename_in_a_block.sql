-- Renames the SQL reader cannot see: PostgreSQL's catalog (table OID, column numbers) still tells.
DO $$
BEGIN
    EXECUTE 'ALTER TABLE orders RENAME TO purchases';
    EXECUTE 'ALTER TABLE customers RENAME COLUMN id TO customer_no';
END
$$;
