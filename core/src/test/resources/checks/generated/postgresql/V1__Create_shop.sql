-- What the row generator must respect on PostgreSQL: SMALLINT, DECIMAL(3,1), an enum type and
-- CHAR(2) columns, a CHECK naming its values, a stored NOT NULL column generated from JSON, and a
-- join table whose primary key is two foreign keys.
CREATE TYPE colour AS ENUM ('red', 'green', 'blue');
CREATE TABLE sizes (
    id     SMALLINT     NOT NULL PRIMARY KEY,
    label  CHAR(2)      NOT NULL,
    weight DECIMAL(3,1) NOT NULL,
    qty    SMALLINT     NOT NULL,
    colour colour       NOT NULL,
    status VARCHAR(10)  NOT NULL,
    CONSTRAINT sizes_status CHECK (status IN ('open', 'closed'))
);
CREATE TABLE products (
    id  INT   NOT NULL PRIMARY KEY,
    doc JSONB NOT NULL,
    sku VARCHAR(20) GENERATED ALWAYS AS ((doc->>'sku')) STORED NOT NULL,
    CONSTRAINT products_sku UNIQUE (sku)
);
CREATE TABLE tags (
    id   INT         NOT NULL PRIMARY KEY,
    name VARCHAR(30) NOT NULL
);
CREATE TABLE product_tags (
    product_id INT NOT NULL REFERENCES products (id),
    tag_id     INT NOT NULL REFERENCES tags (id),
    PRIMARY KEY (product_id, tag_id)
);
CREATE TABLE notes (
    id   INT         NOT NULL PRIMARY KEY,
    body VARCHAR(40)
);
