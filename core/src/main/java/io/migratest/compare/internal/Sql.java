package io.migratest.compare.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/** What differs between the engines when Migratest reads rows for a comparison. */
public enum Sql {
    POSTGRES('"'),
    MYSQL('`');

    private final char quote;

    Sql(char quote) {
        this.quote = quote;
    }

    /** The flavour of the database behind {@code connection}. */
    public static Sql of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRES;
        }
        if (product.contains("mysql") || product.contains("mariadb")) {
            return MYSQL;
        }
        throw new SQLException("Migratest compares data on PostgreSQL, MySQL and MariaDB, not on " + product);
    }

    /** The identifier quoted for this engine. */
    public String quote(String identifier) {
        String doubled = identifier.replace(String.valueOf(quote), String.valueOf(quote) + quote);
        return quote + doubled + quote;
    }

    /**
     * An ORDER BY term whose order matches {@link Values#compareKeys}: text in binary (code point)
     * order instead of the column's collation, NULL first on every engine.
     */
    public String orderTerm(String quotedColumn, int jdbcType, String typeName) {
        boolean text = isText(jdbcType, typeName);
        return switch (this) {
            case POSTGRES -> (text ? quotedColumn + " COLLATE \"C\"" : quotedColumn) + " NULLS FIRST";
            case MYSQL -> text ? "CAST(" + quotedColumn + " AS BINARY)" : quotedColumn;
        };
    }

    /** A term that groups values by exact equality (text by bytes, not by a case-insensitive collation). */
    public String exactTerm(String quotedColumn, int jdbcType, String typeName) {
        return this == MYSQL && isText(jdbcType, typeName) ? "CAST(" + quotedColumn + " AS BINARY)" : quotedColumn;
    }

    static boolean isText(int jdbcType, String typeName) {
        return switch (jdbcType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB, Types.NCLOB -> true;
            default -> "text".equalsIgnoreCase(typeName) || "citext".equalsIgnoreCase(typeName)
                    || "bpchar".equalsIgnoreCase(typeName) || "varchar".equalsIgnoreCase(typeName);
        };
    }

    /** Wraps a user query so that it can be filtered and ordered. */
    public static String derived(String query) {
        return "SELECT * FROM (" + strip(query) + ") migratest_q";
    }

    /** A user query without surrounding blanks and trailing semicolons, ready to be nested. */
    public static String strip(String query) {
        String trimmed = query.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }

    /** Whether the driver is MySQL Connector/J, which streams only with fetch size MIN_VALUE. */
    static boolean isConnectorJ(DatabaseMetaData meta) throws SQLException {
        return meta.getDriverName().toLowerCase(Locale.ROOT).contains("mysql");
    }
}
