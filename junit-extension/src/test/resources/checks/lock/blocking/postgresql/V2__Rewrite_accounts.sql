-- Holds the strongest lock on accounts for half a second, as a slow table rewrite would.
LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE;
SELECT pg_sleep(0.5);
