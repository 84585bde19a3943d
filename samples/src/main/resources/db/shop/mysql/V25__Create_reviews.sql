-- One review per customer and product: the key is the two foreign keys.
CREATE TABLE reviews (
    product_id  BIGINT           NOT NULL,
    customer_id BIGINT           NOT NULL,
    stars       TINYINT UNSIGNED NOT NULL,
    body        TEXT,
    created_at  TIMESTAMP        NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (product_id, customer_id),
    CONSTRAINT reviews_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
    CONSTRAINT reviews_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE,
    CONSTRAINT reviews_stars CHECK (stars BETWEEN 1 AND 5)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
CREATE INDEX reviews_by_customer ON reviews (customer_id);
