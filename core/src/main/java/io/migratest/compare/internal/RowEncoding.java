package io.migratest.compare.internal;

import io.migratest.db.internal.Dialect;
import java.math.BigDecimal;
import java.math.BigInteger;
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
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/**
 * The canonical text of a row, written once in Java and once in SQL per engine so that the
 * database can hash rows exactly as Migratest would: {@code \N} for NULL, {@code |} between
 * fields, {@code \} and {@code |} inside text escaped by {@code \}, integers in decimal, decimals
 * at a fixed scale, booleans as 0/1, date-times as {@code yyyy-MM-dd HH:mm:ss[.ffffff]} with the
 * fraction's trailing zeros left out (instants in UTC), dates as {@code yyyy-MM-dd}; years before
 * 1 AD as PostgreSQL writes them ({@code 0044-03-15 BC}).
 *
 * <p>The SQL is chosen for speed as much as for equality: on PostgreSQL the casts to text are the
 * server's own output functions (the driver pins {@code DateStyle} to ISO), and row hashes are
 * {@code hashtextextended}; on MySQL and MariaDB they are CRC-32 based. Both are 60-bit
 * non-negative integers, so that a sum of them per bucket is exact on both engines and, unlike
 * XOR, a duplicated row changes the sum. {@link RowHashes} holds their Java twins.
 */
public final class RowEncoding {

    /** The value families the encoding covers; anything else is compared by the streaming merge. */
    public enum Kind { INTEGER, DECIMAL, BOOLEAN, TEXT, TIMESTAMP, INSTANT, DATE }

    /**
     * One encoded column.
     *
     * @param quoted        the column quoted for SQL
     * @param kind          its value family
     * @param scale         the fixed scale a DECIMAL is written at (the larger of both sides'; else 0)
     * @param declaredScale the column's own scale: a DECIMAL's digits after the point, a date-time's
     *                      fractional second digits (which MySQL pads)
     */
    public record Column(String quoted, Kind kind, int scale, int declaredScale) {

        /** A column written at its own scale. */
        public Column(String quoted, Kind kind, int scale) {
            this(quoted, kind, scale, scale);
        }
    }

    /** A column as the database describes it, with what the encoding needs beyond {@link QueryColumn}. */
    public record Described(String name, String label, Kind kind, int scale) {
    }

    public static final String NULL = "\\N";
    public static final char SEPARATOR = '|';
    /** Row hashes are this many bits wide, so that sums of millions of them stay exact. */
    public static final long HASH_MASK = (1L << 60) - 1;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private RowEncoding() {
    }

    /** The columns of {@code sql} with their value family, or {@code null} kinds where not covered. */
    public static List<Described> describe(Handle handle, String sql) throws SQLException {
        try (Statement statement = handle.getConnection().createStatement();
             ResultSet rs = statement.executeQuery(Sql.derived(sql) + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            Dialect dialect = Dialect.of(handle.getConnection());
            List<Described> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String label = meta.getColumnLabel(i);
                int scale = meta.getScale(i);
                Kind kind = kindOf(meta.getColumnType(i), meta.getColumnTypeName(i), meta.getPrecision(i), scale);
                if (dialect.encodesInJavaOnly(meta.getColumnTypeName(i))) {
                    kind = null;
                }
                if (kind == Kind.TIMESTAMP) {
                    scale = dialect.fractionDigits(meta.getPrecision(i), scale);
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
            case TIMESTAMP -> dateTime((LocalDateTime) value);
            case INSTANT -> dateTime(LocalDateTime.ofInstant(instant(value), ZoneOffset.UTC));
            case DATE -> date((LocalDate) value, "");
        };
    }

    /** As PostgreSQL writes a timestamp in the ISO style: no trailing zeros in the fraction, BC last. */
    private static String dateTime(LocalDateTime value) {
        StringBuilder text = new StringBuilder(TIME.format(value));
        int micros = value.getNano() / 1000;
        if (micros != 0) {
            String fraction = String.format(Locale.ROOT, "%06d", micros);
            text.append('.').append(fraction, 0, fraction.length() - trailingZeros(fraction));
        }
        return date(value.toLocalDate(), " " + text);
    }

    private static int trailingZeros(String digits) {
        int zeros = 0;
        while (digits.charAt(digits.length() - 1 - zeros) == '0') {
            zeros++;
        }
        return zeros;
    }

    /** A date with at least four year digits, {@code time} after it and, before 1 AD, " BC" last. */
    private static String date(LocalDate value, String time) {
        int year = value.getYear();
        boolean bc = year <= 0;
        return String.format(Locale.ROOT, "%04d-%02d-%02d%s%s", bc ? 1 - year : year, value.getMonthValue(),
                value.getDayOfMonth(), time, bc ? " BC" : "");
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

    /** The 60-bit hash of {@code text} as {@link #sqlHash60} computes it on a {@code flavour} server. */
    public static long hash60(Sql flavour, String text) {
        return flavour.dialect().hash60(text);
    }

    /** The bucket of a key whose canonical text is {@code keyText}, as {@link #sqlBucket} computes it. */
    public static int bucket(Sql flavour, String keyText, int buckets) {
        return (int) (flavour.dialect().bucketHash(keyText) & (buckets - 1));
    }

    // ---------------------------------------------------------------- SQL

    /** The SQL expression of one column's canonical text, {@code NULL} when the column is. */
    static String sqlValue(Sql flavour, Column column) {
        return flavour.dialect().encodedValue(column);
    }

    /** The SQL expression of a row's canonical text (never NULL). */
    public static String sqlRowText(Sql flavour, List<Column> columns) {
        String nullMarker = flavour.dialect().encodedNull();
        List<String> parts = new ArrayList<>();
        for (Column column : columns) {
            parts.add("COALESCE(" + sqlValue(flavour, column) + ", " + nullMarker + ")");
        }
        return "CONCAT_WS('|', " + String.join(", ", parts) + ")";
    }

    /** The SQL expression of {@link #hash60} of {@code textExpression}, a non-negative integer. */
    public static String sqlHash60(Sql flavour, String textExpression) {
        return flavour.dialect().hash60Sql(textExpression);
    }

    /** The SQL expression of the bucket (0 to {@code buckets - 1}, a power of two) of a key whose canonical text is {@code keyText}. */
    public static String sqlBucket(Sql flavour, String keyText, int buckets) {
        if (Integer.bitCount(buckets) != 1) {
            throw new IllegalArgumentException("bucket counts are powers of two, not " + buckets);
        }
        return flavour.dialect().bucketSql(keyText, buckets - 1);
    }
}
