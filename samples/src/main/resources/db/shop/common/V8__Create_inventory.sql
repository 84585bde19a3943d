-- Stock per warehouse (a two-letter code) and product.
CREATE TABLE inventory (
    warehouse  CHAR(2) NOT NULL,
    product_id BIGINT  NOT NULL,
    on_hand    INTEGER NOT NULL DEFAULT 0,
    reserved   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (warehouse, product_id),
    CONSTRAINT inventory_product FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT inventory_not_oversold CHECK (reserved >= 0 AND reserved <= on_hand)
);
