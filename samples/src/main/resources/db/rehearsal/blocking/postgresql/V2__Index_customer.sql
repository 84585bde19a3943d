-- Blocks writes: a plain CREATE INDEX holds ShareLock on orders while it reads every row.
CREATE INDEX orders_customer ON orders (customer);
