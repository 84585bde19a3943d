CREATE TABLE countries (
    code CHAR(2) PRIMARY KEY,
    name VARCHAR(100) NOT NULL
);
INSERT INTO countries (code, name) VALUES
    ('DE', 'Germany'), ('FR', 'France'), ('GB', 'United Kingdom'), ('IT', 'Italy'), ('ES', 'Spain'),
    ('NL', 'Netherlands'), ('PL', 'Poland'), ('SE', 'Sweden'), ('US', 'United States'), ('JP', 'Japan');
