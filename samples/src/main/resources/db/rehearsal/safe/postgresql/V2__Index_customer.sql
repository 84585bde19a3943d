-- The safe rewrite: CONCURRENTLY lets INSERT, UPDATE and DELETE go on while the index is built
-- (Flyway runs it outside a transaction, as it must).
CREATE INDEX CONCURRENTLY orders_customer ON orders (customer);
