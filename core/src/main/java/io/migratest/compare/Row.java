package io.migratest.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row: column names (lower case, as SQL treats unquoted names) to values, in column order.
 * Values may be {@code null}.
 *
 * <pre>{@code
 * Row expected = Row.of("id", 1, "name", "Zoë", "email", null);
 * }</pre>
 *
 * @param values the values by lower-case column name, in column order
 */
public record Row(Map<String, Object> values) {

    public Row {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((column, value) -> {
            String key = column.toLowerCase(Locale.ROOT);
            if (copy.containsKey(key)) {
                throw new IllegalArgumentException("column " + column + " appears twice in a row");
            }
            copy.put(key, value);
        });
        values = Collections.unmodifiableMap(copy);
    }

    /** A row from alternating column names and values. */
    public static Row of(Object... columnsAndValues) {
        if (columnsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Row.of takes column/value pairs, got an odd count ("
                    + columnsAndValues.length + ")");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            String column = String.valueOf(columnsAndValues[i]).toLowerCase(Locale.ROOT);
            if (map.containsKey(column)) {
                throw new IllegalArgumentException("column " + column + " appears twice in Row.of");
            }
            map.put(column, columnsAndValues[i + 1]);
        }
        return new Row(map);
    }

    /** The value of {@code column} (any case). */
    public Object get(String column) {
        String key = column.toLowerCase(Locale.ROOT);
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("no column '" + column + "' in row " + this + " => columns are " + columns());
        }
        return values.get(key);
    }

    /** The value of {@code column} as text, or {@code null}. */
    public String string(String column) {
        Object value = get(column);
        return value == null ? null : value.toString();
    }

    /** The value of {@code column} as a long, or {@code null}. */
    public Long number(String column) {
        Object value = get(column);
        return value == null ? null : ((Number) value).longValue();
    }

    /**
     * The value of {@code column} as a boolean, or {@code null}: a BOOLEAN, or a number as MySQL's
     * TINYINT(1) and BIT hold them (0 is false).
     */
    public Boolean bool(String column) {
        Object value = get(column);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        throw new IllegalArgumentException("column " + column + " holds " + value.getClass().getSimpleName() + " "
                + value + ", not a boolean");
    }

    /** The value of {@code column} as a {@link java.math.BigDecimal}, or {@code null}. */
    public java.math.BigDecimal decimal(String column) {
        Object value = get(column);
        if (value == null || value instanceof java.math.BigDecimal) {
            return (java.math.BigDecimal) value;
        }
        return new java.math.BigDecimal(value.toString());
    }

    /** The value of the column {@code id} as a long; a shorthand for the most common key. */
    public long id() {
        return number("id");
    }

    /** This row with {@code column} set to {@code value} (added at the end when new). */
    public Row with(String column, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(column.toLowerCase(Locale.ROOT), value);
        return new Row(copy);
    }

    /** This row without the given columns. */
    public Row without(String... columns) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        for (String column : columns) {
            copy.remove(column.toLowerCase(Locale.ROOT));
        }
        return new Row(copy);
    }

    /** Whether the row has the column. */
    public boolean has(String column) {
        return values.containsKey(column.toLowerCase(Locale.ROOT));
    }

    /** The column names, in order. */
    public List<String> columns() {
        return new ArrayList<>(values.keySet());
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        values.forEach((column, value) -> {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(column).append('=').append(io.migratest.compare.internal.Values.render(value));
        });
        return text.append('}').toString();
    }
}
