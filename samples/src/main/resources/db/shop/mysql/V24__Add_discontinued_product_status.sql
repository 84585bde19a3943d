-- A value appended at the end of an ENUM only changes the table's metadata.
ALTER TABLE products
    MODIFY status ENUM ('draft', 'active', 'retired', 'discontinued') NOT NULL DEFAULT 'draft',
    ALGORITHM = INSTANT;
