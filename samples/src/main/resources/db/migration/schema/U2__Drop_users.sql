-- Undo of V2: the users table goes away again.
DROP TABLE users;
