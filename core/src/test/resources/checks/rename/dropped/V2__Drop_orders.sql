-- Renamed first, then dropped: the rows are lost all the same.
ALTER TABLE orders RENAME TO old_orders;
DROP TABLE old_orders;
