CREATE TABLE orders (
    id          BIGINT         NOT NULL PRIMARY KEY,
    customer_id BIGINT         NOT NULL,
    status      VARCHAR(20)    NOT NULL DEFAULT 'new',
    placed_at   TIMESTAMP      NOT NULL DEFAULT CURRENT_TIMESTAMP,
    total       DECIMAL(12, 2) NOT NULL DEFAULT 0,
    CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id),
    CONSTRAINT orders_status CHECK (status IN ('new', 'paid', 'shipped', 'cancelled'))
);

-- Lines are numbered within their order.
CREATE TABLE order_lines (
    order_id   BIGINT         NOT NULL,
    line_no    SMALLINT       NOT NULL,
    product_id BIGINT         NOT NULL,
    quantity   SMALLINT       NOT NULL,
    unit_price DECIMAL(10, 2) NOT NULL,
    PRIMARY KEY (order_id, line_no),
    CONSTRAINT order_lines_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
    CONSTRAINT order_lines_product FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT order_lines_quantity CHECK (quantity > 0)
);
