-- MySQL and MariaDB (MariaDB reads this folder: it has none of its own).
CREATE TABLE customers (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email      VARCHAR(200) NOT NULL,
    full_name  VARCHAR(200) NOT NULL,
    country    CHAR(2),
    created_at TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
