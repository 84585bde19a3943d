-- A column of the primary key renamed.
ALTER TABLE customers RENAME COLUMN id TO customer_no;
