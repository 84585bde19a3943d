-- Renamed and renumbered: as many rows as before, but none of the old keys.
ALTER TABLE customers RENAME COLUMN id TO customer_no;
UPDATE customers SET customer_no = customer_no + 1000000;
