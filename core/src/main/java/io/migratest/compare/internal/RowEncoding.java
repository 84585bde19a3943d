package io.migratest.compare.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/**
 * The canonical text of a row, written once in Java and once in SQL per engine so that the
 * database can hash rows exactly as Migratest would: {@code \N} for NULL, {@code |} between
 * fields, {@code \} and {@code |} inside text escaped by {@code \}, integers in decimal, decimals
 * at a fixed scale, booleans as 0/1, date-times as {@code yyyy-MM-ddTHH:mm:ss.SSSSSS} (instants in
 * UTC), dates as {@code yyyy-MM-dd}. Row hashes are the first 60 bits of the MD5 of that text, so
 * that a sum of them per bucket fits exact integer arithmetic on both engines and, unlike XOR, a
 * duplicated row changes the sum.
 */
public final class RowEncoding {

    /** The value families the encoding covers; anything else is compared by the streaming merge. */
    public enum Kind { INTEGER, DECIMAL, BOOLEAN, TEXT, TIMESTAMP, INSTANT, DATE }

    /**
     * One encoded column.
     *
     * @param quoted the column quoted for SQL
     * @param kind   its value family
     * @param scale  the fixed scale of a DECIMAL (else 0)
     */
    public record Column(String quoted, Kind kind, int scale) {
    }

    /** A column as the database describes it, with what the encoding needs beyond {@link QueryColumn}. */
    public record Described(String name, String label, Kind kind, int scale) {
    }

    public static final String NULL = "\\N";
    public static final char SEPARATOR = '|';
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

    private RowEncoding() {
    }

    /** The columns of {@code sql} with their value family, or {@code null} kinds where not covered. */
    public static List<Described> describe(Handle handle, String sql) throws SQLException {
        try (Statement statement = handle.getConnection().createStatement();
             ResultSet rs = statement.executeQuery(Sql.derived(sql) + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            Sql flavour = Sql.of(handle.getConnection());
            List<Described> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String label = meta.getColumnLabel(i);
                int scale = meta.getScale(i);
                Kind kind = kindOf(meta.getColumnType(i), meta.getColumnTypeName(i), meta.getPrecision(i), scale);
                // MySQL's TIMESTAMP is shifted by the session zone on the way out: left to the streaming merge
                if (flavour == Sql.MYSQL && "timestamp".equalsIgnoreCase(meta.getColumnTypeName(i))) {
                    kind = null;
                }
                columns.add(new Described(label.toLowerCase(Locale.ROOT), label, kind, scale));
            }
            return columns;
        }
    }

    static Kind kindOf(int jdbcType, String typeName, int precision, int scale) {
        String name = String.valueOf(typeName).toLowerCase(Locale.ROOT);
        if (name.equals("timestamptz") || jdbcType == Types.TIMESTAMP_WITH_TIMEZONE) {
            return Kind.INSTANT;
        }
        if (name.contains("unsigned") && name.contains("bigint")) {
            return Kind.DECIMAL;
        }
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Kind.INTEGER;
            // unconstrained PostgreSQL numeric reports no precision: its scale is not known, so no fixed scale
            case Types.NUMERIC, Types.DECIMAL -> precision > 0 && precision <= 65 && scale >= 0 && scale <= 30
                    ? Kind.DECIMAL : null;
            case Types.BOOLEAN -> Kind.BOOLEAN;
            case Types.BIT -> precision <= 1 ? Kind.BOOLEAN : null;
            case Types.VARCHAR, Types.LONGVARCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB ->
                    name.equals("json") || name.equals("jsonb") ? null : Kind.TEXT;
            case Types.TIMESTAMP -> name.equals("timestamp") || name.equals("datetime") ? Kind.TIMESTAMP : null;
            case Types.DATE -> name.equals("date") ? Kind.DATE : null;
            default -> null;
        };
    }


    // ---------------------------------------------------------------- Java

    /** The canonical text of one value. */
    public static String encode(Kind kind, int scale, Object value) {
        if (value == null) {
            return NULL;
        }
        return switch (kind) {
            case INTEGER -> value instanceof BigDecimal d ? d.toBigIntegerExact().toString() : value.toString();
            case DECIMAL -> decimal(value).setScale(scale).toPlainString();
            case BOOLEAN -> value instanceof Boolean b ? (b ? "1" : "0") : (decimal(value).signum() != 0 ? "1" : "0");
            case TEXT -> value.toString().replace("\\", "\\\\").replace("|", "\\|");
            case TIMESTAMP -> DATE_TIME.format((LocalDateTime) value);
            case INSTANT -> DATE_TIME.format(LocalDateTime.ofInstant(instant(value), ZoneOffset.UTC));
            case DATE -> ((LocalDate) value).toString();
        };
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        return new BigDecimal(value.toString());
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime odt ? odt.toInstant() : (Instant) value;
    }

    /** The canonical text of a row: its values' texts joined by {@code |}. */
    public static String rowText(List<Column> columns, Object[] values) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                text.append(SEPARATOR);
            }
            text.append(encode(columns.get(i).kind(), columns.get(i).scale(), values[i]));
        }
        return text.toString();
    }

    /** The first 60 bits of the MD5 of {@code text} in UTF-8, as a non-negative long. */
    public static long hash60(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return Long.parseLong(HexFormat.of().formatHex(digest, 0, 8).substring(0, 15), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    }

    // ---------------------------------------------------------------- SQL

    /** The SQL expression of one column's canonical text (never NULL). */
    public static String sqlValue(Sql flavour, Column column) {
        String c = column.quoted();
        String text = switch (flavour) {
            case POSTGRES -> switch (column.kind()) {
                case INTEGER -> "CAST(" + c + " AS text)";
                case DECIMAL -> "CAST(round(" + c + ", " + column.scale() + ") AS text)";
                case BOOLEAN -> "CASE WHEN " + c + " THEN '1' ELSE '0' END";
                case TEXT -> "replace(replace(CAST(" + c + " AS text), '\\', '\\\\'), '|', '\\|')";
                case TIMESTAMP -> "to_char(" + c + ", 'YYYY-MM-DD\"T\"HH24:MI:SS.US')";
                case INSTANT -> "to_char(" + c + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')";
                case DATE -> "to_char(" + c + ", 'YYYY-MM-DD')";
            };
            // CHAR(92) instead of a backslash literal, which NO_BACKSLASH_ESCAPES would change
            case MYSQL -> switch (column.kind()) {
                case INTEGER -> "CAST(" + c + " AS CHAR)";
                case DECIMAL -> "CAST(CAST(" + c + " AS DECIMAL(65, " + column.scale() + ")) AS CHAR)";
                case BOOLEAN -> "CASE WHEN " + c + " <> 0 THEN '1' ELSE '0' END";
                case TEXT -> "REPLACE(REPLACE(CONVERT(" + c + " USING utf8mb4), CHAR(92 USING utf8mb4),"
                        + " CONCAT(CHAR(92 USING utf8mb4), CHAR(92 USING utf8mb4))), '|', CONCAT(CHAR(92 USING utf8mb4), '|'))";
                case TIMESTAMP, INSTANT -> "DATE_FORMAT(" + c + ", '%Y-%m-%dT%H:%i:%s.%f')";
                case DATE -> "DATE_FORMAT(" + c + ", '%Y-%m-%d')";
            };
        };
        String nullMarker = flavour == Sql.POSTGRES ? "'\\N'" : "CONCAT(CHAR(92 USING utf8mb4), 'N')";
        return "CASE WHEN " + c + " IS NULL THEN " + nullMarker + " ELSE " + text + " END";
    }

    /** The SQL expression of a row's canonical text. */
    public static String sqlRowText(Sql flavour, List<Column> columns) {
        List<String> parts = new ArrayList<>();
        for (Column column : columns) {
            String value = sqlValue(flavour, column);
            parts.add(flavour == Sql.MYSQL ? "CONVERT(" + value + " USING utf8mb4)" : value);
        }
        return (flavour == Sql.POSTGRES ? "concat_ws('|', " : "CONCAT_WS('|', ") + String.join(", ", parts) + ")";
    }

    /** The SQL expression of {@link #hash60} of {@code textExpression}, a non-negative integer. */
    public static String sqlHash60(Sql flavour, String textExpression) {
        return switch (flavour) {
            case POSTGRES -> "('x' || substr(md5(" + textExpression + "), 1, 15))::bit(60)::bigint";
            case MYSQL -> "CAST(CONV(SUBSTR(MD5(" + textExpression + "), 1, 15), 16, 10) AS UNSIGNED)";
        };
    }

    /** The SQL expression of the bucket (0 to {@code buckets - 1}) of a key whose canonical text is {@code keyText}. */
    public static String sqlBucket(Sql flavour, String keyText, int buckets) {
        return switch (flavour) {
            case POSTGRES -> "(('x' || substr(md5(" + keyText + "), 1, 8))::bit(32)::bigint % " + buckets + ")";
            case MYSQL -> "(CAST(CONV(SUBSTR(MD5(" + keyText + "), 1, 8), 16, 10) AS UNSIGNED) % " + buckets + ")";
        };
    }

    /** The bucket of a key in Java, as {@link #sqlBucket} computes it. */
    public static int bucket(String keyText, int buckets) {
        return (int) ((hash60(keyText) >>> 28) % buckets);
    }
}
