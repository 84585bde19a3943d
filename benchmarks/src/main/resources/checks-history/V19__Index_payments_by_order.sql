CREATE INDEX payments_by_order ON payments (order_id);
