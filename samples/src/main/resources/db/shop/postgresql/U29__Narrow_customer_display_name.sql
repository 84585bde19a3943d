-- Undo of V29; fails if a longer name has been stored since, which is what an undo should do.
ALTER TABLE customers ALTER COLUMN display_name TYPE VARCHAR(200);
