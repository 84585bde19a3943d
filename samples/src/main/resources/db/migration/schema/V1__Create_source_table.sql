-- The legacy table the application wrote until now: free-text names and e-mail addresses
-- typed by hand, with stray whitespace and mixed case.
CREATE TABLE source_table (
    name  VARCHAR(200) NOT NULL,
    email VARCHAR(200)
);
