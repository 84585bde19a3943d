-- Checks whose numbers the row generator tries, and the next ones: 0 and 1, 0, 1, 5 and 6, 1, 2, 100 and 101.
CREATE TABLE order_lines (
    id          BIGINT       NOT NULL PRIMARY KEY,
    quantity    SMALLINT     NOT NULL,
    rating      DECIMAL(2, 1),
    percent_off INTEGER      NOT NULL,
    CONSTRAINT order_lines_quantity CHECK (quantity > 0),
    CONSTRAINT order_lines_rating CHECK (rating BETWEEN 0 AND 5),
    CONSTRAINT order_lines_percent_off CHECK (percent_off BETWEEN 1 AND 100)
) ENGINE = InnoDB;
