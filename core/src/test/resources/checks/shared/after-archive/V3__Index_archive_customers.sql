CREATE INDEX order_archive_customer ON order_archive (customer);
