-- Contract: the rows have their currency from the default; from now on the application must give it.
ALTER TABLE orders ADD COLUMN currency CHAR(3) DEFAULT 'EUR' CONSTRAINT orders_currency_given CHECK (currency IS NOT NULL);
ALTER TABLE orders ALTER COLUMN currency DROP DEFAULT;
-- time for the writers, still writing orders without a currency, to meet the check
SELECT pg_sleep(0.3);
