CREATE INDEX orders_code ON orders (code);
