-- Scans products under a SHARE UPDATE EXCLUSIVE lock, which lets writes through.
ALTER TABLE products VALIDATE CONSTRAINT products_rating_range;
