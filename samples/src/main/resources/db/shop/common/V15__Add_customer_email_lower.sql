-- Case-insensitive log-in: V16 fills the column from email, V17 makes it required and V17.1 indexes it.
ALTER TABLE customers ADD COLUMN email_lower VARCHAR(200);
