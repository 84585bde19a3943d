-- Nullable for now: V4 fills it, V5 makes it required.
ALTER TABLE orders ADD ship_country CHAR(2);
