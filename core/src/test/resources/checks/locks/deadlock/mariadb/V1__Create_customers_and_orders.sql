-- orders has no key of its own: its writer only inserts
CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL) ENGINE=InnoDB;
CREATE TABLE orders (customer_id BIGINT NOT NULL, amount INTEGER NOT NULL,
    CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)) ENGINE=InnoDB;
