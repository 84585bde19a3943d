-- Carriers call back with a tracking code.
CREATE INDEX shipments_by_tracking_code ON shipments (tracking_code) ALGORITHM = INPLACE LOCK = NONE;
