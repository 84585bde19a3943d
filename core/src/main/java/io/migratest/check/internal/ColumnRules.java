package io.migratest.check.internal;

import io.migratest.check.Schema.Column;
import io.migratest.check.Schema.Table;
import io.migratest.db.internal.Dialect;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The {@link ColumnRule} of each column type: integers within their type's range (keys counting
 * up from the largest value present, never past the type's maximum), DECIMAL within its
 * precision and scale, text within its length, enum and SET labels, the values a CHECK
 * constraint names, JSON documents carrying the keys generated columns read.
 */
final class ColumnRules {

    /** Non-ASCII text for boundary rows: a Latin letter with a diacritic and CJK characters. */
    static final String NON_ASCII = "Zoë 東京 ";
    /** Where generated time stamps start: 2001-01-01 00:00:00. */
    private static final long TIMESTAMP_BASE = LocalDateTime.of(2001, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    /** The longest boundary text; a TEXT column's 65,535 would only make rows slow. */
    private static final int LONGEST_TEXT = 255;
    /** Integer types this narrow get their free key values listed instead of counted from the maximum. */
    private static final long NARROW_RANGE = 1L << 17;

    private final Dialect dialect;
    private final Connection connection;

    ColumnRules(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    /**
     * The rule of {@code column}, or {@code null} when no value of its type is known.
     *
     * @param key       whether it is part of the primary key or a unique key: plain values only, each new
     * @param checked   the values single-column CHECK constraints name, empty when none
     * @param json      the keys generated columns read from it, when it holds JSON documents, else {@code null}
     */
    ColumnRule of(Table table, Column column, boolean key, List<String> checked, JsonPaths.Document json)
            throws SQLException {
        boolean mayBeNull = column.nullable() && !key && json == null;
        String family = family(column);
        if (json != null && (family.equals("json") || family.equals("text"))) {
            // no boundary document: every one must carry the keys that keep the generated columns valid
            return new ColumnRule(column, false, false, json::plain, null, null);
        }
        return switch (family) {
            case "int" -> integer(table, column, key, checked, mayBeNull);
            case "decimal" -> decimal(column, key, checked, mayBeNull);
            case "float" -> new ColumnRule(column, false, mayBeNull, checkedOr(checked, n -> n + ".5"),
                    key ? null : "-1e30", key ? null : "1e30");
            case "bool" -> new ColumnRule(column, false, mayBeNull, n -> Long.toString(n % 2), null, null);
            case "bit" -> bit(column, mayBeNull);
            case "text" -> text(column, key, checked, mayBeNull);
            case "date" -> boundaries(column, key, mayBeNull,
                    n -> LocalDate.of(2000, 1, 1).plusDays(n % 10_000).toString(), "1000-01-01", "9999-12-31");
            case "timestamp" -> boundaries(column, key, mayBeNull,
                    n -> timestampText(TIMESTAMP_BASE + n * 61),
                    "1000-01-01 00:00:00", "9999-12-31 23:59:59");
            case "time" -> boundaries(column, key, mayBeNull, n -> LocalTime.ofSecondOfDay(n % 86_400).toString(),
                    "00:00:00", "23:59:59");
            case "year" -> boundaries(column, key, mayBeNull, n -> Long.toString(1901 + n % 254), "1901", "2155");
            case "uuid" -> boundaries(column, key, mayBeNull,
                    n -> UUID.nameUUIDFromBytes(("mt" + n).getBytes(StandardCharsets.UTF_8)).toString(),
                    "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff");
            case "json" -> new ColumnRule(column, false, mayBeNull, n -> "{\"mt\": " + n + "}", key ? null : "{}",
                    key ? null : "{\"mt\": \"" + NON_ASCII.strip() + "\"}");
            case "bytes" -> bytes(column, key, mayBeNull);
            case "enum" -> labels(column, checked.isEmpty() ? column.enumValues() : checked, key, mayBeNull);
            case "interval" -> new ColumnRule(column, false, mayBeNull, n -> n + " seconds", null, null);
            case "inet" -> new ColumnRule(column, false, mayBeNull,
                    n -> "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255), null, null);
            case "array" -> new ColumnRule(column, false, mayBeNull, n -> "{}", null, null);
            default -> null;
        };
    }

    /** The value family of a column's type: {@code int}, {@code text}, {@code json}, ..., or {@code other}. */
    String family(Column column) {
        String base = column.baseType();
        String own = dialect.valueFamily(base, column.type());
        if (own != null) {
            return own;
        }
        if (base.startsWith("_")) {
            return "array";
        }
        return switch (base) {
            case "int2", "int4", "int8", "smallint", "integer", "int", "bigint", "tinyint", "mediumint" -> "int";
            case "numeric", "decimal" -> "decimal";
            case "float4", "float8", "float", "double", "real", "double precision" -> "float";
            case "bool", "boolean" -> "bool";
            case "bit" -> "bit";
            case "varchar", "bpchar", "text", "name", "citext", "char", "tinytext", "mediumtext", "longtext" -> "text";
            case "date" -> "date";
            case "timestamp", "timestamptz", "datetime" -> "timestamp";
            case "time", "timetz" -> "time";
            case "year" -> "year";
            case "uuid" -> "uuid";
            case "json", "jsonb" -> "json";
            case "bytea", "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "bytes";
            case "enum", "set" -> "enum";
            case "interval" -> "interval";
            case "inet", "cidr", "inet4" -> "inet";
            default -> "other";
        };
    }

    /** Whether a column's values are numbers (a JSON document then carries them unquoted). */
    boolean numeric(Column column) {
        String family = family(column);
        return family.equals("int") || family.equals("decimal") || family.equals("float");
    }

    private ColumnRule integer(Table table, Column column, boolean key, List<String> checked, boolean mayBeNull)
            throws SQLException {
        long[] range = integerRange(column);
        long min = range[0];
        long max = range[1];
        if (key) {
            return new ColumnRule(column, false, false, keySequence(table, column, min, max), null, null);
        }
        long top = Math.min(max, 100);
        return new ColumnRule(column, false, mayBeNull, checkedOr(checked, n -> Long.toString(1 + n % top)),
                Long.toString(min), Long.toString(max));
    }

    /** The smallest and largest value of an integer column's type, signed or unsigned. */
    static long[] integerRange(Column column) {
        int bits = switch (column.baseType()) {
            case "tinyint", "int1" -> 8;
            case "smallint", "int2" -> 16;
            case "mediumint", "int3" -> 24;
            case "int", "integer", "int4" -> 32;
            default -> 64;
        };
        boolean unsigned = column.type().toLowerCase(Locale.ROOT).contains("unsigned");
        if (unsigned) {
            return new long[] {0, bits == 64 ? Long.MAX_VALUE : (1L << bits) - 1};
        }
        return new long[] {bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1)), bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1};
    }

    /**
     * New key values above the largest present, with some headroom for the small ids a later
     * migration may insert itself; never past the type's maximum. A narrow type (TINYINT,
     * SMALLINT) also reuses the free values below the largest, so that it fills up only when
     * every value of the type is taken.
     */
    private LongFunction<String> keySequence(Table table, Column column, long min, long max) throws SQLException {
        String quoted = dialect.quote(column.name());
        String from = " FROM " + dialect.quote(table.name());
        String type = column.type();
        if (max - min < NARROW_RANGE) {
            BitSet used = new BitSet();
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT " + quoted + from + " WHERE " + quoted + " IS NOT NULL")) {
                while (rs.next()) {
                    used.set((int) (rs.getLong(1) - min));
                }
            }
            long largest = used.isEmpty() ? 0 : Math.max(0, used.length() - 1 + min);
            long headroom = Math.min(10, (max - largest) / 4);
            long[] next = {largest + 1 + headroom};
            long[] low = {Math.max(1, min)};
            return n -> {
                synchronized (next) {
                    while (next[0] <= max && used.get((int) (next[0] - min))) {
                        next[0]++;
                    }
                    long value;
                    if (next[0] <= max) {
                        value = next[0]++;
                    } else {
                        while (low[0] <= max && used.get((int) (low[0] - min))) {
                            low[0]++;
                        }
                        if (low[0] > max) {
                            throw new ColumnRule.Exhausted("key column " + column.name() + " (" + type + ") has no free value"
                                    + " left: every value from " + Math.max(1, min) + " to " + max + " is taken");
                        }
                        value = low[0]++;
                    }
                    used.set((int) (value - min));
                    return Long.toString(value);
                }
            };
        }
        long largest;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MAX(" + quoted + ")" + from)) {
            rs.next();
            largest = Math.max(0, rs.getLong(1));
        }
        long headroom = Math.min(1_000_000, (max - largest) / 4);
        AtomicLong next = new AtomicLong(largest + headroom);
        return n -> {
            long value = next.incrementAndGet();
            if (value > max || value < 0) {
                throw new ColumnRule.Exhausted("key column " + column.name() + " (" + type + ") has reached its type's"
                        + " maximum, " + max);
            }
            return Long.toString(value);
        };
    }

    private ColumnRule decimal(Column column, boolean key, List<String> checked, boolean mayBeNull) {
        boolean unsigned = column.type().toLowerCase(Locale.ROOT).contains("unsigned");
        if (column.length() == null) {
            return new ColumnRule(column, false, mayBeNull, checkedOr(checked, n -> n + ".25"),
                    key || unsigned ? null : "-123456789012345678.5", key ? null : "123456789012345678.5");
        }
        int scale = column.scale() == null ? 0 : column.scale();
        int whole = Math.max(0, column.length() - scale);
        long modulo = pow10(Math.min(whole, 9));
        long fractions = pow10(Math.min(scale, 9));
        LongFunction<String> plain = n -> {
            String integral = whole == 0 ? "0" : Long.toString(n % modulo);
            if (scale == 0) {
                return integral;
            }
            String fraction = Long.toString((n * 7) % fractions);
            return integral + "." + "0".repeat(Math.max(0, Math.min(scale, 9) - fraction.length())) + fraction;
        };
        String highest = (whole == 0 ? "0" : "9".repeat(whole)) + (scale == 0 ? "" : "." + "9".repeat(scale));
        return new ColumnRule(column, false, mayBeNull, checkedOr(checked, plain),
                key || unsigned ? null : "-" + highest, key ? null : highest);
    }

    private static long pow10(int digits) {
        long value = 1;
        for (int i = 0; i < digits; i++) {
            value *= 10;
        }
        return value;
    }

    private ColumnRule bit(Column column, boolean mayBeNull) {
        long modulo = 1L << Math.min(30, column.length() == null ? 1 : column.length());
        return new ColumnRule(column, true, mayBeNull, n -> {
            String hex = Long.toHexString(n % modulo);
            return hex.length() % 2 == 0 ? hex : "0" + hex;
        }, null, null);
    }

    private ColumnRule text(Column column, boolean key, List<String> checked, boolean mayBeNull) {
        Integer length = column.length();
        boolean jsonSafe = dialect.textMayBeJson(column.baseType());
        LongFunction<String> plain = n -> {
            String text = jsonSafe ? "{\"mt\":" + n + "}" : "mt" + Long.toString(n, 36);
            if (length != null && text.length() > length) {
                String digits = Long.toString(n, 36);
                text = digits.substring(Math.max(0, digits.length() - length));
            }
            return text;
        };
        if (!checked.isEmpty() && !key) {
            return labels(column, checked, false, mayBeNull);
        }
        if (key) {
            return new ColumnRule(column, false, false, plain, null, null);
        }
        int longest = length == null ? LONGEST_TEXT : Math.min(length, LONGEST_TEXT);
        String high = jsonSafe ? "{\"mt\": \"" + NON_ASCII.strip() + "\"}" : fill(longest);
        return new ColumnRule(column, false, mayBeNull, plain, "", high.length() > longest ? null : high);
    }

    /**
     * {@code yyyy-MM-dd HH:mm:ss} of an epoch second, without the objects and copies of
     * {@code LocalDateTime.toString()} (the most expensive value of a generated row before).
     */
    static String timestampText(long epochSecond) {
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400));
        if (date.getYear() < 1000 || date.getYear() > 9999) {
            return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC).toString().replace('T', ' ');
        }
        int second = Math.floorMod(epochSecond, 86_400);
        char[] text = new char[19];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = ' ';
        digits(text, 11, second / 3600, 2);
        text[13] = ':';
        digits(text, 14, second / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, second % 60, 2);
        return new String(text);
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Text of exactly {@code length} characters, non-ASCII all along. */
    static String fill(int length) {
        StringBuilder text = new StringBuilder(length + NON_ASCII.length());
        while (text.length() < length) {
            text.append(NON_ASCII);
        }
        text.setLength(length);
        return text.toString();
    }

    private static ColumnRule labels(Column column, List<String> labels, boolean key, boolean mayBeNull) {
        if (labels.isEmpty()) {
            return null;
        }
        return new ColumnRule(column, false, mayBeNull, n -> labels.get((int) (n % labels.size())),
                key ? null : labels.get(0), key ? null : labels.get(labels.size() - 1));
    }

    private ColumnRule bytes(Column column, boolean key, boolean mayBeNull) {
        Integer length = column.length();
        LongFunction<String> plain = n -> {
            byte[] bytes = ("mt" + n).getBytes(StandardCharsets.UTF_8);
            if (length != null && bytes.length > length) {
                bytes = Arrays.copyOfRange(bytes, bytes.length - length, bytes.length);
            }
            return HexFormat.of().formatHex(bytes);
        };
        int longest = length == null ? 32 : Math.min(length, 32);
        return new ColumnRule(column, true, mayBeNull, plain, key ? null : "", key ? null : "ff".repeat(longest));
    }

    private static ColumnRule boundaries(Column column, boolean key, boolean mayBeNull, LongFunction<String> plain,
            String low, String high) {
        return new ColumnRule(column, false, mayBeNull, plain, key ? null : low, key ? null : high);
    }

    /** The values a CHECK constraint names, taken in turn, else {@code plain}. */
    private static LongFunction<String> checkedOr(List<String> checked, LongFunction<String> plain) {
        return checked.isEmpty() ? plain : n -> checked.get((int) (n % checked.size()));
    }
}
