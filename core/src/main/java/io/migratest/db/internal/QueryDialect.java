package io.migratest.db.internal;

import io.migratest.compare.internal.RowEncoding;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The reading side of a {@link Dialect}: how rows are ordered, grouped and streamed for a
 * comparison, how names are found in the JDBC metadata, and the SQL twin of
 * {@link RowEncoding}'s canonical row text and hashes.
 */
public interface QueryDialect {

    /**
     * An ORDER BY term whose order matches the Java comparison of keys: text (when {@code text})
     * in binary (code point) order instead of the column's collation, NULL first.
     */
    String orderTerm(String quotedColumn, boolean text);

    /** A term that groups values by exact equality (text by bytes, not by a case-insensitive collation). */
    String exactTerm(String quotedColumn, boolean text);

    /** A term whose distinct values are the distinct combinations of {@code quotedColumns}. */
    String distinctTerm(List<String> quotedColumns);

    /** An unquoted name as the catalog stores it (PostgreSQL folds it to lower case). */
    String storedName(String unquotedName);

    /** The catalog argument of JDBC metadata calls for a table qualified by {@code qualifier} (or not: {@code null}). */
    String metadataCatalog(Connection connection, String qualifier) throws SQLException;

    /** The schema argument of JDBC metadata calls for a table qualified by {@code qualifier} (or not: {@code null}). */
    String metadataSchema(Connection connection, String qualifier) throws SQLException;

    /**
     * Whether a database holds schemas of its own, so that Migratest's side tables can live in a
     * schema apart from the application's.
     */
    boolean hasSchemas();

    /** Whether a result streams only inside a transaction (PostgreSQL's cursors), not in auto-commit. */
    boolean streamsInTransactionOnly();

    /** The fetch size that streams a result with {@code rows} rows per round trip on this driver. */
    int streamingFetchSize(int rows);

    /** Whether a data diff in {@code AUTO} mode compares in the database (hashes) before it streams rows. */
    boolean comparesInDatabaseByDefault();

    /**
     * Whether a column of SQL type {@code typeName} cannot be encoded in the database the way
     * Java sees it (MySQL's TIMESTAMP is shifted by the session's zone) and is left to the
     * streaming comparison.
     */
    boolean encodesInJavaOnly(String typeName);

    /**
     * The digits after the second a date-time column holds, from what the driver reports:
     * MySQL Connector/J reports a DATETIME(6)'s scale as 0 but its width, 19 + 1 + 6, as precision.
     */
    int fractionDigits(int precision, int scale);

    /** The SQL expression of one column's canonical text ({@link RowEncoding#encode}), NULL when the column is. */
    String encodedValue(RowEncoding.Column column);

    /** The SQL literal of {@link RowEncoding#NULL}, the canonical text of NULL. */
    String encodedNull();

    /** The 60-bit hash of canonical text {@code text}, as {@link #hash60Sql} computes it on the server. */
    long hash60(String text);

    /** The SQL expression of {@link #hash60} of {@code textExpression}, a non-negative integer. */
    String hash60Sql(String textExpression);

    /** The hash whose low bits choose the bucket of a key whose canonical text is {@code keyText}. */
    long bucketHash(String keyText);

    /** The SQL expression of {@link #bucketHash} of {@code keyText}, masked to its low bits by {@code mask}. */
    String bucketSql(String keyText, int mask);
}
