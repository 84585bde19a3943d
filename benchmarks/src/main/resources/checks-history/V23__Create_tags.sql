CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    label VARCHAR(50) NOT NULL
);
CREATE TABLE product_tags (
    product_id INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    PRIMARY KEY (product_id, tag_id),
    CONSTRAINT product_tags_product FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT product_tags_tag FOREIGN KEY (tag_id) REFERENCES tags (id)
);
