-- The new table: one row per user with a stable id. V3 fills it from source_table.
CREATE TABLE users (
    id    INTEGER      NOT NULL PRIMARY KEY,
    name  VARCHAR(200) NOT NULL,
    email VARCHAR(200)
);
