ALTER TABLE customers ADD COLUMN country_code CHAR(2);
ALTER TABLE customers ADD CONSTRAINT customers_country FOREIGN KEY (country_code) REFERENCES countries (code);
