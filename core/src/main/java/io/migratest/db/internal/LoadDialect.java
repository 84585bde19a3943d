package io.migratest.db.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The writing side of a {@link Dialect}: the bulk-load path of fixtures, the rules for splitting
 * SQL scripts, and the literals of generated rows.
 */
public interface LoadDialect {

    /**
     * Driver options ({@code a=1&b=2}) for the connection a fixture load runs on, which some
     * drivers take only when connecting; {@code null} when the test database's own data source
     * is the fast path.
     */
    String bulkLoadOptions();

    /** Whether fixtures are streamed with {@code COPY} rather than sent as batched inserts. */
    boolean loadsWithCopy();

    /** Whether a backslash escapes the next character inside string literals of SQL scripts. */
    boolean backslashEscapes();

    /** Whether a column of SQL type {@code typeName} holds an instant (a time zone-aware time stamp). */
    boolean holdsInstant(String typeName);

    /** An INSERT of one row of defaults into {@code quotedTable}. */
    String insertDefaults(String quotedTable);

    /** A string literal the column of type {@code columnType} accepts (cast where the engine needs it). */
    String literal(String value, String columnType);

    /** A literal of the bytes written as {@code hex}, for a column of type {@code columnType}. */
    String bytesLiteral(String hex, String columnType);

    /** A boolean literal for generated row {@code n}, alternating. */
    String generatedBoolean(long n, String columnType);

    /**
     * The value family of a column (e.g. {@code bool}, {@code int}) where this engine's reading
     * of its type differs from the portable one, else {@code null}: MySQL's {@code tinyint(1)} is
     * a boolean, PostgreSQL's {@code bit} is a bit string.
     */
    String valueFamily(String baseType, String columnType);

    /** Whether a generated text for a column of {@code baseType} must also be valid JSON (MariaDB's JSON is a LONGTEXT). */
    boolean textMayBeJson(String baseType);

    /**
     * Streams {@code rows}, already in {@code COPY} text format (tab-separated, {@code \\N} for
     * NULL, one row a line), into {@code quotedColumns} of {@code quotedTable}: the checks' bulk
     * path where {@link #loadsWithCopy()}. Returns the rows the server took; one refused row
     * refuses them all.
     */
    default long copyText(Connection connection, String quotedTable, String quotedColumns, String rows)
            throws SQLException {
        throw new UnsupportedOperationException("no COPY on this engine: use multi-row INSERTs (loadsWithCopy() is false)");
    }

    /**
     * Whether rows can be streamed from memory with {@code LOAD DATA LOCAL INFILE} on
     * {@code connection}: the engine has it, the server allows it ({@code local_infile}) and the
     * driver was connected allowing it. Never changes a setting; where this is false, the
     * callers send multi-row INSERTs.
     */
    default boolean loadsLocalData(Connection connection) throws SQLException {
        return false;
    }

    /**
     * Runs {@code loadData}, a {@code LOAD DATA LOCAL INFILE} statement ({@link #loadDataStatement}),
     * with {@code rows} (UTF-8, tab-separated, {@code \N} for NULL, backslash escapes, one row a
     * line) as its file. The server turns a refused value or key into a warning and goes on, so
     * the caller must treat {@link LocalLoad#clean(long)} false as a refusal and undo the load.
     */
    default LocalLoad loadLocalData(Connection connection, String loadData, byte[] rows) throws SQLException {
        throw new UnsupportedOperationException("no LOAD DATA LOCAL on this engine (loadsLocalData() is false)");
    }

    /**
     * A {@code LOAD DATA LOCAL INFILE} statement for {@link #loadLocalData}: {@code quotedColumns}
     * of {@code quotedTable}, in order; a column whose {@code hexColumns} entry is true reads
     * its field as hexadecimal bytes, and a column whose {@code bitColumns} entry is true as a
     * hexadecimal number.
     */
    default String loadDataStatement(String quotedTable, List<String> quotedColumns, boolean[] hexColumns,
            boolean[] bitColumns) {
        throw new UnsupportedOperationException("no LOAD DATA LOCAL on this engine (loadsLocalData() is false)");
    }

    /**
     * What a {@code LOAD DATA LOCAL} did: the rows the server took and its first warning
     * ({@code null} when none).
     */
    record LocalLoad(long rows, String firstWarning) {

        /** Whether all {@code sent} rows went in as sent: every row taken and no warning. */
        public boolean clean(long sent) {
            return rows == sent && firstWarning == null;
        }
    }
}
