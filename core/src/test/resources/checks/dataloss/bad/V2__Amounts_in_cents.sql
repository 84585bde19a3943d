-- Bug: the filter meant to skip test customers also drops every order of a customer
-- whose e-mail is unknown or malformed.
CREATE TABLE orders_new (
    id           INTEGER NOT NULL PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id),
    amount_cents BIGINT  NOT NULL,
    placed_on    DATE    NOT NULL
);
INSERT INTO orders_new (id, customer_id, amount_cents, placed_on)
SELECT o.id, o.customer_id, o.amount * 100, o.placed_on
FROM orders o JOIN customers c ON c.id = o.customer_id
WHERE c.email LIKE '%@%';
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
