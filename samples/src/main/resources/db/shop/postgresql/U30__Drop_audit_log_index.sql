-- Undo of V30.
DROP INDEX audit_log_by_row;
