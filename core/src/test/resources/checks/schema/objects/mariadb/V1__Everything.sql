CREATE TABLE customers (
    id     INT PRIMARY KEY,
    email  VARCHAR(200) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL,
    name   VARCHAR(100) NOT NULL DEFAULT 'anonymous',
    credit DECIMAL(8, 2),
    CONSTRAINT credit_not_negative CHECK (credit >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE UNIQUE INDEX customers_email ON customers (email(50));
CREATE INDEX customers_name_desc ON customers (name DESC);

CREATE TABLE orders (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    customer_id INT NOT NULL,
    state       ENUM('new', 'paid', 'shipped') NOT NULL DEFAULT 'new',
    net         DECIMAL(10, 2) NOT NULL,
    gross       DECIMAL(10, 2) AS (net * 1.2) STORED,
    CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE ON UPDATE RESTRICT
) ENGINE = InnoDB;

CREATE TABLE audit_log (
    id   INT PRIMARY KEY,
    note TEXT
) ENGINE = MyISAM DEFAULT CHARSET = latin1;

CREATE VIEW paid_orders AS SELECT id, customer_id, gross FROM orders WHERE state = 'paid';

CREATE FUNCTION order_total(customer INT) RETURNS DECIMAL(12, 2) READS SQL DATA
    RETURN (SELECT coalesce(sum(gross), 0) FROM orders WHERE customer_id = customer);

CREATE PROCEDURE close_orders(IN before_id BIGINT)
BEGIN
    UPDATE orders SET state = 'shipped' WHERE id < before_id;
END;

CREATE TRIGGER customers_lower_email BEFORE INSERT ON customers FOR EACH ROW
    SET NEW.email = lower(NEW.email);

CREATE SEQUENCE invoice_numbers START WITH 1000 INCREMENT BY 10;
