-- A table rename keeps every row under the new name.
ALTER TABLE orders RENAME TO purchases;
