-- "My orders", newest first; built in place while orders stay writable.
CREATE INDEX orders_by_customer_placed ON orders (customer_id, placed_at) ALGORITHM = INPLACE LOCK = NONE;
