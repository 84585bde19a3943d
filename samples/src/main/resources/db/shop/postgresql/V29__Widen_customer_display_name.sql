-- Widening a VARCHAR only changes the catalog; the table is not rewritten.
ALTER TABLE customers ALTER COLUMN display_name TYPE VARCHAR(300);
