UPDATE customers SET name = TRIM(name) WHERE name <> TRIM(name);
