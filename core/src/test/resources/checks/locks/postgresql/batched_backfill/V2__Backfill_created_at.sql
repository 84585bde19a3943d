-- Each batch commits on its own (executeInTransaction=false in the .conf file beside this one).
UPDATE orders SET created_at = now() WHERE id % 2 = 0;
UPDATE orders SET created_at = now() WHERE id % 2 = 1;
