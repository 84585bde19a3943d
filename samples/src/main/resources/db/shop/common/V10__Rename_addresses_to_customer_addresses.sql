-- Shipments will get addresses of their own; make clear whose these are. The rows stay.
ALTER TABLE addresses RENAME TO customer_addresses;
