CREATE UNIQUE INDEX customers_email_lower ON customers (email_lower) ALGORITHM = INPLACE LOCK = NONE;
