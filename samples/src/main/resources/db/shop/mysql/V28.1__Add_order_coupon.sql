ALTER TABLE orders ADD COLUMN coupon_code VARCHAR(20), ALGORITHM = INSTANT;
-- With foreign_key_checks off the key is added in place, without copying orders; every
-- coupon_code is NULL at this point, so there is nothing the check could have refused.
SET foreign_key_checks = 0;
ALTER TABLE orders ADD CONSTRAINT orders_coupon FOREIGN KEY (coupon_code) REFERENCES coupons (code),
    ALGORITHM = INPLACE, LOCK = NONE;
SET foreign_key_checks = 1;
