-- What the row generator must respect on MariaDB: a TINYINT key, SMALLINT, DECIMAL(3,1), ENUM and
-- CHAR(2) columns, a CHECK naming its values, a stored NOT NULL column generated from JSON, and a
-- join table whose primary key is two foreign keys.
CREATE TABLE sizes (
    id     TINYINT      NOT NULL PRIMARY KEY,
    label  CHAR(2)      NOT NULL,
    weight DECIMAL(3,1) NOT NULL,
    qty    SMALLINT     NOT NULL,
    colour ENUM('red', 'green', 'blue') NOT NULL,
    status VARCHAR(10)  NOT NULL,
    CONSTRAINT sizes_status CHECK (status IN ('open', 'closed'))
);
CREATE TABLE products (
    id  INT  NOT NULL PRIMARY KEY,
    doc JSON NOT NULL,
    sku VARCHAR(20) GENERATED ALWAYS AS (JSON_VALUE(doc, '$.sku')) STORED,
    CONSTRAINT products_sku_present CHECK (sku IS NOT NULL),
    UNIQUE KEY products_sku (sku)
);
CREATE TABLE tags (
    id   INT         NOT NULL PRIMARY KEY,
    name VARCHAR(30) NOT NULL
);
CREATE TABLE product_tags (
    product_id INT NOT NULL,
    tag_id     INT NOT NULL,
    PRIMARY KEY (product_id, tag_id),
    CONSTRAINT pt_product FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT pt_tag FOREIGN KEY (tag_id) REFERENCES tags (id)
);
CREATE TABLE notes (
    id   INT         NOT NULL PRIMARY KEY,
    body VARCHAR(40)
);
