CREATE TABLE order_archive (id BIGINT PRIMARY KEY, customer VARCHAR(40) NOT NULL);
CREATE TABLE order_archive_flags (order_id BIGINT PRIMARY KEY REFERENCES order_archive (id));
INSERT INTO order_archive (id, customer) SELECT id, customer FROM orders;
-- stands for the time the first copy takes on a big table
SELECT pg_sleep(0.3);
INSERT INTO order_archive_flags (order_id) SELECT id FROM orders;
