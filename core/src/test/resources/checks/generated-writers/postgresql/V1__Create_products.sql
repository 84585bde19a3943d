CREATE TABLE products (
    id  INT   NOT NULL PRIMARY KEY,
    doc JSONB NOT NULL,
    sku VARCHAR(20) GENERATED ALWAYS AS ((doc->>'sku')) STORED NOT NULL,
    CONSTRAINT products_sku UNIQUE (sku)
);
