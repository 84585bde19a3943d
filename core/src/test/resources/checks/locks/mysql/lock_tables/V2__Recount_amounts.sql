LOCK TABLES orders WRITE;
UPDATE orders SET amount = amount WHERE id < 0;
UNLOCK TABLES;
