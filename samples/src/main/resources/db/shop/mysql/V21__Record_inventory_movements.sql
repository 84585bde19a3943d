CREATE TABLE inventory_movements (
    id         BIGINT    NOT NULL AUTO_INCREMENT PRIMARY KEY,
    warehouse  CHAR(2)   NOT NULL,
    product_id BIGINT    NOT NULL,
    delta      INTEGER   NOT NULL,
    moved_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT inventory_movements_stock FOREIGN KEY (warehouse, product_id)
        REFERENCES inventory (warehouse, product_id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TRIGGER inventory_movement AFTER UPDATE ON inventory FOR EACH ROW
    INSERT INTO inventory_movements (warehouse, product_id, delta)
    SELECT NEW.warehouse, NEW.product_id, NEW.on_hand - OLD.on_hand
    FROM DUAL
    WHERE NEW.on_hand <> OLD.on_hand;
