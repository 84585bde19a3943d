-- Seeds one account, then writes to a table that does not exist.
INSERT INTO accounts (id, owner) VALUES (1, 'ada');
INSERT INTO no_such_table (id)
    VALUES (1);
