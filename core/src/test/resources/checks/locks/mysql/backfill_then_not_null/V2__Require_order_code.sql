ALTER TABLE orders ADD COLUMN code VARCHAR(40);
UPDATE orders SET code = CONCAT('order-', id);
-- stands for the time the back-fill takes on a big table; it commits on its own (.conf beside this
-- file), and the application keeps inserting orders, without a code, until the column is NOT NULL
DO SLEEP(0.5);
ALTER TABLE orders MODIFY code VARCHAR(40) NOT NULL;
