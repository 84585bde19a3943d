CREATE TABLE audit_log (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    table_name VARCHAR(64)  NOT NULL,
    row_id     BIGINT       NOT NULL,
    action     VARCHAR(20)  NOT NULL,
    detail     VARCHAR(200),
    created_at TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- One statement as the body (no BEGIN ... END), so no DELIMITER is needed.
CREATE TRIGGER orders_status_audit AFTER UPDATE ON orders FOR EACH ROW
    INSERT INTO audit_log (table_name, row_id, action, detail)
    SELECT 'orders', NEW.id, 'status', CONCAT(OLD.status, ' -> ', NEW.status)
    FROM DUAL
    WHERE NOT (NEW.status <=> OLD.status);
