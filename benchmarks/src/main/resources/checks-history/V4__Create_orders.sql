CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    placed_on DATE,
    status VARCHAR(20) NOT NULL DEFAULT 'new',
    CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
);
