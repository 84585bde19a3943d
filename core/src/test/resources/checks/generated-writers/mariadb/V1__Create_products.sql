CREATE TABLE products (
    id  INT  NOT NULL PRIMARY KEY,
    doc JSON NOT NULL,
    sku VARCHAR(20) GENERATED ALWAYS AS (JSON_VALUE(doc, '$.sku')) STORED,
    CONSTRAINT products_sku_present CHECK (sku IS NOT NULL),
    UNIQUE KEY products_sku (sku)
);
