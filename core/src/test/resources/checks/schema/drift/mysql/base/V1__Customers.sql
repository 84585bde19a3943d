CREATE TABLE customers (
    id    INT PRIMARY KEY,
    email VARCHAR(200) NOT NULL,
    name  VARCHAR(100)
) DEFAULT CHARSET = utf8mb4;

CREATE TRIGGER customers_lower_email BEFORE INSERT ON customers FOR EACH ROW
    SET NEW.email = lower(NEW.email);
