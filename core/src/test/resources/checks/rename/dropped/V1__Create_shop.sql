CREATE TABLE customers (
    id   INTEGER     NOT NULL PRIMARY KEY,
    name VARCHAR(50) NOT NULL
);
CREATE TABLE orders (
    id          INTEGER       NOT NULL PRIMARY KEY,
    customer_id INTEGER       NOT NULL REFERENCES customers (id),
    amount      DECIMAL(10,2) NOT NULL
);
