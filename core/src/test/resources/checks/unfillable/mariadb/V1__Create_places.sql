-- A NOT NULL column of a type the row generator has no value for: places cannot be seeded.
CREATE TABLE places (id INT NOT NULL PRIMARY KEY, spot POINT NOT NULL);
CREATE TABLE visits (id INT NOT NULL PRIMARY KEY, note VARCHAR(20));
