CREATE TABLE shipments (
    id            BIGINT      NOT NULL PRIMARY KEY,
    order_id      BIGINT      NOT NULL,
    address_id    BIGINT      NOT NULL,
    carrier       VARCHAR(40) NOT NULL,
    tracking_code VARCHAR(64),
    shipped_at    TIMESTAMP   NULL,
    delivered_at  TIMESTAMP   NULL,
    CONSTRAINT shipments_order FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT shipments_address FOREIGN KEY (address_id) REFERENCES customer_addresses (id),
    CONSTRAINT shipments_delivered_after_shipped CHECK (delivered_at IS NULL OR delivered_at >= shipped_at)
);
