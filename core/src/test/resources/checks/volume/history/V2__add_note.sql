-- constant on every engine: a nullable column without a default changes only the catalog
ALTER TABLE orders ADD COLUMN note VARCHAR(100);
