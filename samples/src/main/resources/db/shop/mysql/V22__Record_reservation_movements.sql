-- Reservations move stock too: record them beside the on-hand changes.
ALTER TABLE inventory_movements ADD COLUMN reserved_delta INTEGER NOT NULL DEFAULT 0, ALGORITHM = INSTANT;

DROP TRIGGER inventory_movement;
CREATE TRIGGER inventory_movement AFTER UPDATE ON inventory FOR EACH ROW
    INSERT INTO inventory_movements (warehouse, product_id, delta, reserved_delta)
    SELECT NEW.warehouse, NEW.product_id, NEW.on_hand - OLD.on_hand, NEW.reserved - OLD.reserved
    FROM DUAL
    WHERE NEW.on_hand <> OLD.on_hand OR NEW.reserved <> OLD.reserved;
