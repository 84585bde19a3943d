-- PostgreSQL has no TINYINT; SMALLINT is the narrowest integer.
ALTER TABLE customers ADD COLUMN loyalty_tier SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN rating DECIMAL(3, 1);
ALTER TABLE products ADD COLUMN weight_grams INTEGER;
-- NOT VALID: checked for new rows at once, for existing ones by V12.1 without blocking writes.
ALTER TABLE products ADD CONSTRAINT products_rating_range CHECK (rating BETWEEN 0 AND 5) NOT VALID;
