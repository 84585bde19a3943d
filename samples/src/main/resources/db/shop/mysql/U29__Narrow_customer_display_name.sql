-- Undo of V29; fails if a longer name has been stored since, which is what an undo should do.
ALTER TABLE customers MODIFY display_name VARCHAR(200) NOT NULL;
