-- Applies on an empty table only: existing rows have no code.
ALTER TABLE parts ADD COLUMN code INTEGER NOT NULL;
