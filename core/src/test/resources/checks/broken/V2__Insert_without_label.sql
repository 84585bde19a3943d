INSERT INTO shelves (id, label) VALUES (1, NULL);
