-- Undo of V3 (a Java data step): the copied rows go; source_table still holds them.
DELETE FROM users;
