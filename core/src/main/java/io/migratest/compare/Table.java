package io.migratest.compare;

import io.migratest.compare.internal.QueryColumn;
import io.migratest.compare.internal.ResultCursor;
import io.migratest.compare.internal.Sql;
import io.migratest.compare.internal.Values;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A live table (or view), read for cheap checks: counts, NULLs, repeated values, aggregates, and
 * whether given rows are present. Values are compared as a {@link DataDiff} compares them.
 *
 * <pre>{@code
 * Table users = Table.of(jdbi, "users");
 * long withoutEmail = users.nullCount("email");
 * }</pre>
 *
 * @param jdbi the database
 * @param name the table name as written in SQL, e.g. {@code users} or {@code app.users}
 */
public record Table(Jdbi jdbi, String name) {

    public Table {
        Objects.requireNonNull(jdbi, "jdbi");
        Objects.requireNonNull(name, "name");
    }

    /** The table {@code name} of the database behind {@code jdbi}. */
    public static Table of(Jdbi jdbi, String name) {
        return new Table(jdbi, name);
    }

    /** How many rows the table holds. */
    public long rowCount() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + name).mapTo(Long.class).one());
    }

    /** How many rows hold NULL in {@code column}. */
    public long nullCount(String column) {
        return read(h -> "SELECT COUNT(*) AS n FROM " + name + " WHERE " + quoted(h, column) + " IS NULL", 1).get(0).number("n");
    }

    /** Up to {@code limit} rows that hold NULL in {@code column}. */
    public List<Row> rowsWithNull(String column, int limit) {
        return read(handle -> "SELECT * FROM " + name + " WHERE " + quoted(handle, column) + " IS NULL", limit);
    }

    /**
     * Up to {@code limit} non-NULL values that occur more than once in {@code column}, with their
     * counts. Text is compared exactly (by bytes), not by a case-insensitive collation.
     */
    public Map<Object, Long> repeatedValues(String column, int limit) {
        List<Row> rows = read(handle -> {
            QueryColumn meta = describe(handle, column);
            Sql flavour = Sql.of(handle.getConnection());
            String quoted = flavour.quote(meta.label());
            return "SELECT MIN(" + quoted + ") AS v, COUNT(*) AS n FROM " + name + " WHERE " + quoted + " IS NOT NULL GROUP BY "
                    + flavour.exactTerm(quoted, meta.jdbcType(), meta.typeName()) + " HAVING COUNT(*) > 1";
        }, limit);
        Map<Object, Long> repeated = new LinkedHashMap<>();
        rows.forEach(row -> repeated.put(row.get("v"), row.number("n")));
        return repeated;
    }

    /** The sum of a numeric column (NULLs left out), or {@code null} when there is no value. */
    public BigDecimal sum(String column) {
        Object value = aggregate("SUM", column);
        return value == null || value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString());
    }

    /** The smallest value of {@code column}, as the database orders it. */
    public Object min(String column) {
        return aggregate("MIN", column);
    }

    /** The largest value of {@code column}, as the database orders it. */
    public Object max(String column) {
        return aggregate("MAX", column);
    }

    /**
     * The rows of {@code expected} that no row of the table matches. A table row matches when it
     * has the same value in every column the expected row names; other columns do not matter.
     */
    public List<Row> rowsNotFound(Row... expected) {
        Set<String> columns = new LinkedHashSet<>();
        Arrays.stream(expected).forEach(row -> columns.addAll(row.columns()));
        List<Row> wanted = new ArrayList<>(Arrays.asList(expected));
        List<Map<String, Object>> canonical = wanted.stream().map(Table::canonical).toList();
        boolean[] found = new boolean[wanted.size()];
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + name;
        try (ResultCursor cursor = ResultCursor.open(jdbi, sql)) {
            Object[] values;
            while ((values = cursor.next()) != null) {
                for (int i = 0; i < found.length; i++) {
                    found[i] |= !found[i] && matches(canonical.get(i), cursor.columns(), values);
                }
            }
        } catch (SQLException e) {
            throw new DiffConfigurationException("Could not read " + sql + ": " + e.getMessage()
                    + " => check the table and the column names of the expected rows", e);
        }
        List<Row> missing = new ArrayList<>();
        for (int i = 0; i < found.length; i++) {
            if (!found[i]) {
                missing.add(wanted.get(i));
            }
        }
        return missing;
    }

    private boolean matches(Map<String, Object> expected, List<String> columns, Object[] values) {
        for (Map.Entry<String, Object> entry : expected.entrySet()) {
            Object actual = values[columns.indexOf(entry.getKey())];
            try {
                if (!Values.same(entry.getValue(), actual, Values.Tolerances.EXACT)) {
                    return false;
                }
            } catch (Values.Incomparable e) {
                throw new IncomparableValuesException("Cannot compare column " + entry.getKey() + " of " + name
                        + ": the expected row holds " + Values.typeOf(entry.getValue()) + " and the table holds "
                        + Values.typeOf(actual) + " => give the expected row a value of the column's kind");
            }
        }
        return true;
    }

    private static Map<String, Object> canonical(Row row) {
        Map<String, Object> values = new LinkedHashMap<>();
        row.values().forEach((column, value) -> values.put(column, Values.canonical(value)));
        return values;
    }

    private Object aggregate(String function, String column) {
        List<Row> rows = read(handle -> "SELECT " + function + "(" + quoted(handle, column) + ") AS v FROM " + name, 1);
        return rows.get(0).get("v");
    }

    private String quoted(Handle handle, String column) throws SQLException {
        return Sql.of(handle.getConnection()).quote(describe(handle, column).label());
    }

    private QueryColumn describe(Handle handle, String column) throws SQLException {
        List<QueryColumn> columns = QueryColumn.of(handle.getConnection(), "SELECT * FROM " + name);
        String wanted = column.toLowerCase(Locale.ROOT);
        return columns.stream().filter(c -> c.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new DiffConfigurationException("Table " + name + " has no column " + column
                        + " => its columns are " + columns.stream().map(QueryColumn::name).toList()));
    }

    @FunctionalInterface
    private interface SqlFor {
        String sql(Handle handle) throws SQLException;
    }

    private List<Row> read(SqlFor sqlFor, int limit) {
        String sql;
        try (Handle handle = jdbi.open()) {
            sql = sqlFor.sql(handle);
        } catch (SQLException e) {
            throw new DiffConfigurationException("Could not read table " + name + ": " + e.getMessage(), e);
        }
        List<Row> rows = new ArrayList<>();
        try (ResultCursor cursor = ResultCursor.open(jdbi, sql)) {
            Object[] values;
            while (rows.size() < limit && (values = cursor.next()) != null) {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < values.length; i++) {
                    map.put(cursor.columns().get(i), values[i]);
                }
                rows.add(new Row(map));
            }
        } catch (SQLException e) {
            throw new DiffConfigurationException("Could not read table " + name + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
