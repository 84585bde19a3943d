CREATE TABLE coupons (
    code        VARCHAR(20) NOT NULL PRIMARY KEY,
    percent_off SMALLINT    NOT NULL,
    valid_until DATE,
    CONSTRAINT coupons_percent_off CHECK (percent_off BETWEEN 1 AND 100)
);
