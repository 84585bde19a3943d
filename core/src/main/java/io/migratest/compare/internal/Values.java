package io.migratest.compare.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * One meaning for values read by different drivers, so that one expectation holds on PostgreSQL,
 * MySQL and MariaDB: integers of any width are {@code Long}, decimals {@code BigDecimal} compared
 * by value, booleans equal 0/1 numbers (TINYINT(1), BIT), zoned date-times are instants, JSON is
 * compared parsed, UUIDs equal their text form, byte arrays compare by content.
 */
public final class Values {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final Comparator<JsonNode> JSON_NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private Values() {
    }

    /** Thrown when two values have no common meaning; the caller adds key, column and side. */
    public static final class Incomparable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Incomparable(Object expected, Object actual) {
            super(typeOf(expected) + " cannot be compared with " + typeOf(actual), null, false, false);
        }
    }

    /** The tolerances of one comparison; {@code null} numericScale means exact. */
    public record Tolerances(Integer numericScale, Duration timestampTolerance, ZoneId zone) {
        public static final Tolerances EXACT = new Tolerances(null, Duration.ZERO, ZoneId.of("UTC"));

        BigDecimal numericSlack() {
            // half a unit in the last place: a value the migration rounded to that scale still matches
            return numericScale == null ? BigDecimal.ZERO : BigDecimal.valueOf(5, numericScale + 1);
        }
    }

    /** The canonical form of a value from a driver or from a user's expected row. */
    public static Object canonical(Object value) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigDecimal || value instanceof byte[] || value instanceof UUID
                || value instanceof JsonNode || value instanceof LocalDateTime || value instanceof LocalDate
                || value instanceof LocalTime || value instanceof Instant) {
            return value;
        }
        if (value instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // Float via its own toString, so 0.1f stays 0.1 and not 0.100000001490116...
            return Double.isFinite(d) ? new BigDecimal(value.toString()) : value;
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof java.sql.Time time) {
            return time.toLocalTime();
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof ZonedDateTime zdt) {
            return zdt.toInstant();
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        if (value instanceof OffsetTime time) {
            return time.withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalTime();
        }
        if (value instanceof Character || value instanceof StringBuilder) {
            return value.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof Object[]) {
            return JSON.valueToTree(value);
        }
        return value;
    }

    /** Parses JSON text read from a JSON column. */
    public static JsonNode parseJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + text, e);
        }
    }

    /** Whether two canonical values mean the same, within {@code tolerances}. */
    public static boolean same(Object expected, Object actual, Tolerances tolerances) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof String s && actual instanceof String t) {
            return s.equals(t);
        }
        if (expected instanceof Long a && actual instanceof Long b) {
            return a.equals(b) || tolerances.numericScale() != null && sameNumber(a, b, tolerances);
        }
        if (isNumber(expected) && isNumber(actual)) {
            return sameNumber(expected, actual, tolerances);
        }
        if (expected instanceof Boolean b && isNumber(actual)) {
            return sameBoolean(b, actual);
        }
        if (actual instanceof Boolean b && isNumber(expected)) {
            return sameBoolean(b, expected);
        }
        if (expected instanceof byte[] a && actual instanceof byte[] b) {
            return Arrays.equals(a, b);
        }
        if (expected instanceof UUID || actual instanceof UUID) {
            return sameUuid(expected, actual);
        }
        if (expected instanceof JsonNode || actual instanceof JsonNode) {
            return sameJson(expected, actual);
        }
        if (expected instanceof Temporal && actual instanceof Temporal) {
            return sameTemporal((Temporal) expected, (Temporal) actual, tolerances);
        }
        if (expected.getClass() == actual.getClass()) {
            return expected.equals(actual);
        }
        throw new Incomparable(expected, actual);
    }

    private static boolean isNumber(Object value) {
        return value instanceof Long || value instanceof BigDecimal;
    }

    private static BigDecimal decimal(Object number) {
        return number instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) number;
    }

    private static boolean sameNumber(Object a, Object b, Tolerances tolerances) {
        BigDecimal difference = decimal(a).subtract(decimal(b)).abs();
        return difference.compareTo(tolerances.numericSlack()) <= 0;
    }

    private static boolean sameBoolean(Boolean b, Object number) {
        return decimal(number).compareTo(b ? BigDecimal.ONE : BigDecimal.ZERO) == 0;
    }

    private static boolean sameUuid(Object a, Object b) {
        if (a instanceof UUID || a instanceof String) {
            if (b instanceof UUID || b instanceof String) {
                return a.toString().equalsIgnoreCase(b.toString());
            }
        }
        throw new Incomparable(a, b);
    }

    private static boolean sameJson(Object a, Object b) {
        JsonNode left = asJson(a);
        JsonNode right = asJson(b);
        if (left == null || right == null) {
            throw new Incomparable(a, b);
        }
        return left.equals(JSON_NUMBERS_BY_VALUE, right);
    }

    private static JsonNode asJson(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String text) {
            try {
                return JSON.readTree(text);
            } catch (java.io.IOException e) {
                return JSON.getNodeFactory().textNode(text); // not JSON: compares unequal, never passes silently
            }
        }
        return null;
    }

    private static boolean sameTemporal(Temporal a, Temporal b, Tolerances tolerances) {
        Object left = a;
        Object right = b;
        if (left instanceof Instant && right instanceof LocalDateTime) {
            left = LocalDateTime.ofInstant((Instant) left, tolerances.zone());
        } else if (right instanceof Instant && left instanceof LocalDateTime) {
            right = LocalDateTime.ofInstant((Instant) right, tolerances.zone());
        }
        if (left.getClass() != right.getClass()) {
            throw new Incomparable(a, b);
        }
        if (left.equals(right)) {
            return true;
        }
        Duration slack = tolerances.timestampTolerance();
        if (slack.isZero() || left instanceof LocalDate) {
            return false;
        }
        Duration between = Duration.between((Temporal) left, (Temporal) right).abs();
        return between.compareTo(slack) <= 0;
    }

    /**
     * Orders canonical key values as the databases do with the ORDER BY that {@link KeyOrder}
     * writes: NULL first, numbers by value, text by code point (UTF-8 byte order), UUIDs and
     * byte arrays unsigned.
     */
    public static int compareKeys(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if ((isNumber(a) || a instanceof Boolean) && (isNumber(b) || b instanceof Boolean)) {
            return decimalOf(a).compareTo(decimalOf(b));
        }
        if ((a instanceof UUID || a instanceof String) && (b instanceof UUID || b instanceof String)) {
            return compareCodePoints(a.toString().toLowerCase(java.util.Locale.ROOT),
                    b.toString().toLowerCase(java.util.Locale.ROOT));
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.compareUnsigned(x, y);
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable<?>) {
            @SuppressWarnings("unchecked")
            Comparable<Object> comparable = (Comparable<Object>) a;
            return comparable.compareTo(b);
        }
        throw new Incomparable(a, b);
    }

    private static BigDecimal decimalOf(Object value) {
        if (value instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        return decimal(value);
    }

    /** Code point order, which is UTF-8 byte order; {@code String.compareTo} differs above U+FFFF. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Text for messages and the differences file: strings quoted, NULL as NULL. */
    public static String render(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 32)) + (bytes.length > 32 ? "…" : "");
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    /** Text of a key value without quotes, for keys shown in a table column. */
    public static String renderKey(Object value) {
        return value instanceof String s ? s : render(value);
    }

    /** The Java type of a value, for messages. */
    public static String typeOf(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[]) {
            return "byte[]";
        }
        return value.getClass().getSimpleName() + " " + render(value);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
