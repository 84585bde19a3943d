-- The safe rewrite: built in place, with writes allowed throughout (the server refuses the
-- statement rather than lock the table if it cannot keep that promise).
ALTER TABLE orders ADD INDEX orders_customer (customer), ALGORITHM=INPLACE, LOCK=NONE;
