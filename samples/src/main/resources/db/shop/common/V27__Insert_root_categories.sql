-- Reference data: the top of the category tree, which the shop front lists.
INSERT INTO categories (id, name, parent_id) VALUES (1, 'Books', NULL);
INSERT INTO categories (id, name, parent_id) VALUES (2, 'Music', NULL);
INSERT INTO categories (id, name, parent_id) VALUES (3, 'Garden', NULL);
INSERT INTO categories (id, name, parent_id) VALUES (4, 'Poetry', 1);
