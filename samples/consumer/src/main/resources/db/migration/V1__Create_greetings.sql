CREATE TABLE greetings (
    id       INTEGER PRIMARY KEY,
    language VARCHAR(20) NOT NULL,
    text     VARCHAR(100) NOT NULL
);
