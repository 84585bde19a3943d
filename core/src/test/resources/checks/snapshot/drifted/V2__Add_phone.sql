ALTER TABLE customers ADD COLUMN phone VARCHAR(30);
CREATE INDEX orders_placed_on ON orders (placed_on);
