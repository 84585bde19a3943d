ALTER TABLE orders ADD COLUMN seen_at TIMESTAMPTZ DEFAULT clock_timestamp();
