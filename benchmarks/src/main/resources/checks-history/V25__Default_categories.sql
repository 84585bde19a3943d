INSERT INTO categories (id, name) VALUES (-1, 'Uncategorised'), (-2, 'Archived');
