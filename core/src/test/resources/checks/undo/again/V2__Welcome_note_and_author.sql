-- its undo keeps the row, so it does not apply again
INSERT INTO notes (id, body) VALUES (-1, 'welcome');
ALTER TABLE notes ADD COLUMN author VARCHAR(50);
