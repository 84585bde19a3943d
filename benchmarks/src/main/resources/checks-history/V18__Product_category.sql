ALTER TABLE products ADD COLUMN category_id INTEGER;
ALTER TABLE products ADD CONSTRAINT products_category FOREIGN KEY (category_id) REFERENCES categories (id);
