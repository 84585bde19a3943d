-- "My orders", newest first. CONCURRENTLY keeps orders writable while the index builds; Flyway
-- runs this script outside a transaction by itself, since the statement cannot run in one.
CREATE INDEX CONCURRENTLY orders_by_customer_placed ON orders (customer_id, placed_at);
