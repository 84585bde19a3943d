-- "History of this order"; audit_log is the busiest table, so the index is built in place.
CREATE INDEX audit_log_by_row ON audit_log (table_name, row_id) ALGORITHM = INPLACE LOCK = NONE;
