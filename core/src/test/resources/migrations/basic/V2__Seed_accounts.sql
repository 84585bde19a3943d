INSERT INTO accounts (id, owner, balance) VALUES (1, '  ada ', 10.00);
INSERT INTO accounts (id, owner, balance) VALUES (2, 'GRACE', 20.50);
