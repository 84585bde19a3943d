-- after a version whose undo round trip ran: the pass applies V2 again before it
CREATE TABLE tags (id INTEGER NOT NULL PRIMARY KEY, note_id INTEGER NOT NULL REFERENCES notes (id));
CREATE INDEX notes_author ON notes (author);
