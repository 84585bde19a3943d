CREATE INDEX products_by_title ON products (title);
