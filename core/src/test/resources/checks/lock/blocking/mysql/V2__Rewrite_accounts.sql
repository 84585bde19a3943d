-- Holds a write lock on accounts for half a second, as a copying ALTER would.
LOCK TABLES accounts WRITE;
DO SLEEP(0.5);
UNLOCK TABLES;
