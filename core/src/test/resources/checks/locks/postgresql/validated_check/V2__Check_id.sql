ALTER TABLE orders ADD CONSTRAINT orders_id_present CHECK (id IS NOT NULL);
