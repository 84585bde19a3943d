-- Reservations move stock too: record them beside the on-hand changes.
ALTER TABLE inventory_movements ADD COLUMN reserved_delta INTEGER NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION record_inventory_movement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.on_hand <> OLD.on_hand OR NEW.reserved <> OLD.reserved THEN
        INSERT INTO inventory_movements (warehouse, product_id, delta, reserved_delta)
        VALUES (NEW.warehouse, NEW.product_id, NEW.on_hand - OLD.on_hand, NEW.reserved - OLD.reserved);
    END IF;
    RETURN NEW;
END;
$$;

DROP TRIGGER inventory_movement ON inventory;
CREATE TRIGGER inventory_movement
    AFTER UPDATE OF on_hand, reserved ON inventory
    FOR EACH ROW EXECUTE FUNCTION record_inventory_movement();
