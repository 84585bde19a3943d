-- Blocks writes: ALGORITHM=COPY copies every row into a new table while writes wait.
ALTER TABLE orders ADD INDEX orders_customer (customer), ALGORITHM=COPY;
