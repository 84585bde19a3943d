CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL);
CREATE TABLE orders (
    id BIGINT PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    status VARCHAR(20) NOT NULL,
    total DECIMAL(10, 2),
    placed_on DATE,
    FOREIGN KEY (customer_id) REFERENCES customers (id)
);
