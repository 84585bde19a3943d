CREATE TABLE t (c integer);
INSERT INTO t VALUES (1), (2);
