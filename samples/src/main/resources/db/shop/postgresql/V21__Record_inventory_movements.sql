CREATE TABLE inventory_movements (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    warehouse  CHAR(2)   NOT NULL,
    product_id BIGINT    NOT NULL,
    delta      INTEGER   NOT NULL,
    moved_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT inventory_movements_stock FOREIGN KEY (warehouse, product_id)
        REFERENCES inventory (warehouse, product_id) ON DELETE CASCADE
);

CREATE FUNCTION record_inventory_movement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.on_hand <> OLD.on_hand THEN
        INSERT INTO inventory_movements (warehouse, product_id, delta)
        VALUES (NEW.warehouse, NEW.product_id, NEW.on_hand - OLD.on_hand);
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER inventory_movement
    AFTER UPDATE OF on_hand ON inventory
    FOR EACH ROW EXECUTE FUNCTION record_inventory_movement();
