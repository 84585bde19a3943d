ALTER TABLE orders ADD INDEX orders_customer (customer), ALGORITHM=INPLACE, LOCK=NONE;
