-- Orders placed by the old code between V13.1 and this deploy have no currency yet.
UPDATE orders SET currency = 'EUR' WHERE currency IS NULL;
ALTER TABLE orders MODIFY currency CHAR(3) NOT NULL;
