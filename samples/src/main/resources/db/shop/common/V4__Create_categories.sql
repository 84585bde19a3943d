-- Categories form a tree; a product sits in any number of them.
CREATE TABLE categories (
    id        BIGINT       NOT NULL PRIMARY KEY,
    name      VARCHAR(100) NOT NULL,
    parent_id BIGINT,
    CONSTRAINT categories_name UNIQUE (name),
    CONSTRAINT categories_parent FOREIGN KEY (parent_id) REFERENCES categories (id)
);

-- A join table whose primary key is its two foreign keys.
CREATE TABLE product_categories (
    product_id  BIGINT NOT NULL,
    category_id BIGINT NOT NULL,
    PRIMARY KEY (product_id, category_id),
    CONSTRAINT product_categories_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
    CONSTRAINT product_categories_category FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE CASCADE
);
CREATE INDEX product_categories_by_category ON product_categories (category_id);
