-- Carriers call back with a tracking code; most shipments have none yet, so the index is partial.
CREATE INDEX CONCURRENTLY shipments_by_tracking_code ON shipments (tracking_code) WHERE tracking_code IS NOT NULL;
