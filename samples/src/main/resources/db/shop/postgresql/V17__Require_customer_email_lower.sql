-- Customers who signed up between V16 and this deploy.
UPDATE customers SET email_lower = LOWER(TRIM(email)) WHERE email_lower IS NULL;
ALTER TABLE customers ALTER COLUMN email_lower SET NOT NULL;
