-- Both lengths need a two-byte length prefix, so the column is widened in place.
ALTER TABLE customers MODIFY display_name VARCHAR(300) NOT NULL, ALGORITHM = INPLACE, LOCK = NONE;
