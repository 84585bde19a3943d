ALTER TABLE orders ADD COLUMN coupon_code VARCHAR(20);
-- NOT VALID: new rows are checked at once, existing ones by V28.2 without blocking writes.
ALTER TABLE orders ADD CONSTRAINT orders_coupon FOREIGN KEY (coupon_code) REFERENCES coupons (code) NOT VALID;
