-- "History of this order": audit_log is the busiest table, so the index builds concurrently.
CREATE INDEX CONCURRENTLY audit_log_by_row ON audit_log (table_name, row_id);
