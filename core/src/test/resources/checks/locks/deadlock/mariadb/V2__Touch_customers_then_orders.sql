-- Locks every customer, then every order; an INSERT into orders on MariaDB takes them the other
-- way round: its new row in orders first, then a shared lock on its customer.
UPDATE customers SET name = name;
-- stands for the work done on customers before orders is touched
DO SLEEP(0.5);
UPDATE orders SET amount = amount;
