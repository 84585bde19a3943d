-- Log-in looks customers up by email_lower. Not unique: accounts whose addresses differ only in
-- case or spaces ("Ada@example.org", " ada@example.org") were possible before V15, and which one
-- to keep is for support to decide, not a migration.
CREATE INDEX CONCURRENTLY customers_by_email_lower ON customers (email_lower);
