ALTER TABLE purchases CHANGE COLUMN id purchase_id INTEGER NOT NULL;
RENAME TABLE purchases TO `orders_archive`;
