-- A typo in the column type: the database rejects the statement.
ALTER TABLE items ADD COLUMN price DECIMALL(10, 2);
