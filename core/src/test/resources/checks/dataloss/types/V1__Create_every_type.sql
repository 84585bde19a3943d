-- Every column type the row generator knows on MySQL and MariaDB, with names MySQL 8 reserves
-- (`rank`, `offset` is a keyword), a native JSON column (MariaDB: an alias of LONGTEXT with a
-- JSON_VALID check), expression defaults and generated columns that must be left to the server.
CREATE TABLE every_type (
    id       BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    small    SMALLINT        NOT NULL,
    medium   MEDIUMINT,
    flag     TINYINT(1)      NOT NULL,
    bits     BIT(3),
    price    DECIMAL(8,2)    NOT NULL,
    ratio    DOUBLE,
    share    FLOAT,
    code     CHAR(3)         NOT NULL,
    name     VARCHAR(40)     NOT NULL UNIQUE,
    body     TEXT,
    doc      JSON            NOT NULL,
    born     DATE,
    seen     DATETIME(6),
    changed  TIMESTAMP       NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    at_time  TIME,
    yr       YEAR,
    colour   ENUM('red', 'green') NOT NULL,
    tags     SET('a', 'b'),
    raw      VARBINARY(16),
    picture  BLOB,
    `rank`   INTEGER         NOT NULL,
    `offset` INTEGER,
    total    DECIMAL(10,2)   GENERATED ALWAYS AS (price * 2) STORED,
    doc_mt   VARCHAR(20)     GENERATED ALWAYS AS (JSON_UNQUOTE(JSON_EXTRACT(doc, '$.mt'))) VIRTUAL,
    CONSTRAINT price_not_negative CHECK (price >= 0)
);
