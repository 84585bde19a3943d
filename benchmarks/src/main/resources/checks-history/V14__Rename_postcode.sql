ALTER TABLE addresses RENAME COLUMN postcode TO postal_code;
