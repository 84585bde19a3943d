CREATE TABLE addresses (
    id          BIGINT       NOT NULL PRIMARY KEY,
    customer_id BIGINT       NOT NULL,
    line1       VARCHAR(200) NOT NULL,
    city        VARCHAR(100) NOT NULL,
    postcode    VARCHAR(20),
    country     CHAR(2)      NOT NULL,
    CONSTRAINT addresses_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
);
CREATE INDEX addresses_by_customer ON addresses (customer_id);
