CREATE UNIQUE INDEX products_sku ON products (sku);
