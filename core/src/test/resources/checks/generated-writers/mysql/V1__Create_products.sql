CREATE TABLE products (
    id  INT  NOT NULL PRIMARY KEY,
    doc JSON NOT NULL,
    sku VARCHAR(20) GENERATED ALWAYS AS (doc->>'$.sku') STORED NOT NULL,
    UNIQUE KEY products_sku (sku)
);
