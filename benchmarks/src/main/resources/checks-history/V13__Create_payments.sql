CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL,
    amount DECIMAL(12, 2) NOT NULL,
    paid_on DATE,
    CONSTRAINT payments_order FOREIGN KEY (order_id) REFERENCES orders (id)
);
