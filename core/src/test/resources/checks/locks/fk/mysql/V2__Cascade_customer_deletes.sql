ALTER TABLE orders DROP FOREIGN KEY orders_customer,
    ADD CONSTRAINT orders_customer_cascade FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE;
