-- Computed by the database, so it can never disagree with quantity and unit price.
ALTER TABLE order_lines ADD COLUMN line_total DECIMAL(12, 2) GENERATED ALWAYS AS (quantity * unit_price) STORED;
