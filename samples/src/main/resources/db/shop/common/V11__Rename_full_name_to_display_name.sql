-- Not every customer gives a full legal name; the column says what it holds.
ALTER TABLE customers RENAME COLUMN full_name TO display_name;
