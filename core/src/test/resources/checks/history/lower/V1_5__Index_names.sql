CREATE INDEX customers_name ON customers (name);
