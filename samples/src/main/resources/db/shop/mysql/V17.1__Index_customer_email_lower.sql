-- Log-in looks customers up by email_lower. Not unique: accounts whose addresses differ only in
-- leading spaces were possible before V15, and which one to keep is for support to decide.
CREATE INDEX customers_by_email_lower ON customers (email_lower) ALGORITHM = INPLACE LOCK = NONE;
