-- Computed by the database, so it can never disagree with quantity and unit price. Wide enough
-- for the largest quantity (SMALLINT) times the largest unit price (DECIMAL(10, 2)), 13 digits
-- before the point: with DECIMAL(12, 2), adding the column fails on such a line.
ALTER TABLE order_lines ADD COLUMN line_total DECIMAL(16, 2) GENERATED ALWAYS AS (quantity * unit_price) STORED;
