CREATE INDEX customers_id_idx ON customers (id) USING BTREE;
