CREATE TABLE addresses (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    line1 VARCHAR(200) NOT NULL,
    city VARCHAR(100) NOT NULL,
    postcode VARCHAR(20),
    CONSTRAINT addresses_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
);
