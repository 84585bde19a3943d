-- Undo of V23.
DROP VIEW order_summaries;
