CREATE INDEX customers_id_brin ON customers USING brin (id);
