CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(40) NOT NULL, amount INTEGER NOT NULL) ENGINE=InnoDB;
-- The shop is closed: the server refuses every new order, whoever writes it.
CREATE TRIGGER orders_closed BEFORE INSERT ON orders FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'orders are closed';
