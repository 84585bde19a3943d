-- Portable across PostgreSQL, MySQL and MariaDB.
CREATE TABLE customers (
    id      BIGINT       NOT NULL PRIMARY KEY,
    name    VARCHAR(100) NOT NULL,
    country CHAR(2)
);

CREATE TABLE orders (
    id          BIGINT NOT NULL PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    total_cents BIGINT NOT NULL,
    CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
);
