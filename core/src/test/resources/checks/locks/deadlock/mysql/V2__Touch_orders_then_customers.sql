-- Locks every order (and the gap after the last), then every customer; an INSERT into orders
-- takes them the other way round: a shared lock on its customer first, then its place in orders.
UPDATE orders SET amount = amount;
-- stands for the work done on orders before customers is touched
DO SLEEP(0.5);
UPDATE customers SET name = name;
