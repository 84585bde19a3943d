-- Takes customers first and orders second; an INSERT into orders takes them the other way round
-- (its own table, then a key-share lock on the customer it points at).
LOCK TABLE customers IN ACCESS EXCLUSIVE MODE;
-- stands for the work done on customers before orders is altered
SELECT pg_sleep(0.5);
ALTER TABLE orders ADD COLUMN note TEXT;
