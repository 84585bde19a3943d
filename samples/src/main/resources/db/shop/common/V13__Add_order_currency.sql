-- Nullable for now: V13.1 fills it, V14 makes it required.
ALTER TABLE orders ADD COLUMN currency CHAR(3);
