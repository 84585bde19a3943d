CREATE TABLE audit_log (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name VARCHAR(64)  NOT NULL,
    row_id     BIGINT       NOT NULL,
    action     VARCHAR(20)  NOT NULL,
    detail     VARCHAR(200),
    created_at TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE FUNCTION audit_order_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO audit_log (table_name, row_id, action, detail)
        VALUES ('orders', NEW.id, 'status', OLD.status || ' -> ' || NEW.status);
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER orders_status_audit
    AFTER UPDATE OF status ON orders
    FOR EACH ROW EXECUTE FUNCTION audit_order_status();
