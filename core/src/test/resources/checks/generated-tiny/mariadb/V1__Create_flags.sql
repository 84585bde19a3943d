-- A TINYINT key: 127 values at most, then the generator has to say it ran out.
CREATE TABLE flags (id TINYINT NOT NULL PRIMARY KEY, v INT);
