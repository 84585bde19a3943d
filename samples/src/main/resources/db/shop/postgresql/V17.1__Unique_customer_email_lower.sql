CREATE UNIQUE INDEX CONCURRENTLY customers_email_lower ON customers (email_lower);
