CREATE TABLE products (
    id     BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
    sku    VARCHAR(40)    NOT NULL,
    name   VARCHAR(200)   NOT NULL,
    price  DECIMAL(10, 2) NOT NULL,
    status ENUM ('draft', 'active', 'retired') NOT NULL DEFAULT 'draft',
    CONSTRAINT products_sku UNIQUE (sku),
    CONSTRAINT products_price_not_negative CHECK (price >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
