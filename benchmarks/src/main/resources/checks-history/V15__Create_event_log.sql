CREATE TABLE event_log (
    id INTEGER PRIMARY KEY,
    happened_on DATE,
    message VARCHAR(500) NOT NULL
);
