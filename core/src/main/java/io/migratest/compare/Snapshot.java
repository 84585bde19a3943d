package io.migratest.compare;

import io.migratest.compare.internal.DeclaredKeys;
import io.migratest.compare.internal.QueryColumn;
import io.migratest.compare.internal.ResultCursor;
import io.migratest.compare.internal.Sql;
import io.migratest.compare.internal.Values;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.db.internal.Dialect;
import io.migratest.db.internal.JdbiSettings;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Rows captured from a table or query before a migration, kept so that they can be compared with
 * the migrated rows even after the migration has altered or dropped their source.
 *
 * <pre>{@code
 * Snapshot before = Snapshot.of(jdbi, "SELECT id, full_name, email FROM legacy_users");
 * migrator.migrateTo("2");
 * assertThat(before).migratedTo(jdbi, "SELECT id, first_name, last_name, email FROM users")...
 * }</pre>
 *
 * <p><b>Where the rows are kept.</b> Up to {@link #maxRowsInMemory()} rows (default 50,000; the
 * setting {@code migratest.snapshot.maxRowsInMemory}) are held in memory. A larger result is copied into
 * a side table on the same server with {@code CREATE TABLE … AS}, so that memory stays flat and the
 * rows can later be streamed in key order: on PostgreSQL in the schema
 * {@value #SIDE_TABLE_SCHEMA} of the same database, on MySQL and MariaDB in the same database.
 * Every side table's name starts with {@value #SIDE_TABLE_PREFIX}; schema comparisons should
 * leave out that schema and those tables. Side tables disappear with the test database, or earlier
 * with {@link #drop()}.
 */
public final class Snapshot {

    /** The PostgreSQL schema that holds side tables. */
    public static final String SIDE_TABLE_SCHEMA = "migratest_snapshots";

    /** The name prefix of every side table, on every engine. */
    public static final String SIDE_TABLE_PREFIX = "migratest_snap_";

    private static final SecureRandom NAMES = new SecureRandom();

    private final String query;
    private final List<String> columns;
    private final long rowCount;
    private final List<Object[]> rows;
    private final Jdbi jdbi;
    private final String sideTable;
    private final List<Set<String>> uniqueKeys;

    private Snapshot(String query, List<String> columns, long rowCount, List<Object[]> rows, Jdbi jdbi, String sideTable,
                     List<Set<String>> uniqueKeys) {
        this.query = query;
        this.columns = List.copyOf(columns);
        this.rowCount = rowCount;
        this.rows = rows;
        this.jdbi = jdbi;
        this.sideTable = sideTable;
        this.uniqueKeys = uniqueKeys;
    }

    /**
     * Runs {@code sql} and keeps every row it returns: in memory when there are at most
     * {@link #maxRowsInMemory()} (the setting of the run that made {@code jdbi}'s database, when
     * Migratest made it), else in a side table on the server.
     */
    public static Snapshot of(Jdbi jdbi, String sql) {
        return capture(jdbi, sql, JdbiSettings.of(jdbi).get(Setting.SNAPSHOT_MAX_ROWS_IN_MEMORY));
    }

    /** Keeps every row of {@code table}. */
    public static Snapshot ofTable(Jdbi jdbi, String table) {
        return of(jdbi, "SELECT * FROM " + table);
    }

    /** Keeps the rows of {@code sql} in a side table on the server, however few they are. */
    public static Snapshot inDatabase(Jdbi jdbi, String sql) {
        return capture(jdbi, sql, -1);
    }

    /** Keeps the rows of {@code sql} in memory, however many they are. */
    public static Snapshot inMemory(Jdbi jdbi, String sql) {
        return capture(jdbi, sql, Long.MAX_VALUE);
    }

    /** Rows kept in memory before a snapshot moves to a side table: {@link Setting#SNAPSHOT_MAX_ROWS_IN_MEMORY} of this JVM. */
    public static long maxRowsInMemory() {
        return Settings.fromEnvironment().get(Setting.SNAPSHOT_MAX_ROWS_IN_MEMORY);
    }

    private static Snapshot capture(Jdbi jdbi, String sql, long maxInMemory) {
        if (maxInMemory >= 0) {
            try (ResultCursor cursor = ResultCursor.open(jdbi, sql)) {
                List<Object[]> rows = new ArrayList<>();
                Object[] row;
                while ((row = cursor.next()) != null) {
                    if (rows.size() >= maxInMemory) {
                        rows = null;
                        break;
                    }
                    rows.add(row);
                }
                if (rows != null) {
                    return new Snapshot(sql, cursor.columns(), rows.size(), Collections.unmodifiableList(rows), jdbi, null,
                            List.of());
                }
            } catch (SQLException e) {
                throw new SnapshotException("Could not capture a snapshot of\n  " + sql + "\n" + e.getMessage()
                        + "\n=> check that the query runs on the database as it is before the migration", e);
            }
        }
        return captureInSideTable(jdbi, sql);
    }

    private static Snapshot captureInSideTable(Jdbi jdbi, String sql) {
        String name = SIDE_TABLE_PREFIX + HexFormat.of().toHexDigits(NAMES.nextLong()).substring(4);
        try (Handle handle = jdbi.open()) {
            Connection connection = handle.getConnection();
            boolean ownSchema = Dialect.of(connection).hasSchemas();
            String table = ownSchema ? SIDE_TABLE_SCHEMA + "." + name : name;
            // what the source table declares unique spares the in-database comparison a count of its keys
            List<Set<String>> uniqueKeys = DeclaredKeys.of(connection, sql);
            try (Statement statement = connection.createStatement()) {
                if (ownSchema) {
                    statement.execute("CREATE SCHEMA IF NOT EXISTS " + SIDE_TABLE_SCHEMA);
                }
                statement.execute("CREATE TABLE " + table + " AS " + Sql.derived(sql));
            }
            List<String> columns = QueryColumn.of(connection, "SELECT * FROM " + table).stream()
                    .map(QueryColumn::name).toList();
            long count = handle.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one();
            return new Snapshot(sql, columns, count, null, jdbi, table, uniqueKeys);
        } catch (SQLException | RuntimeException e) {
            throw new SnapshotException("Could not copy the rows of\n  " + sql + "\ninto the side table " + name
                    + ": " + e.getMessage() + "\n=> the user needs the right to create tables"
                    + " (and, on PostgreSQL, the schema " + SIDE_TABLE_SCHEMA + "); every column needs a distinct name", e);
        }
    }

    /** The query the rows came from. */
    public String query() {
        return query;
    }

    /** The column names, lower case, in query order. */
    public List<String> columns() {
        return columns;
    }

    /** How many rows were captured. */
    public long rowCount() {
        return rowCount;
    }

    /** Whether the rows are held in memory (else in {@link #sideTable()}). */
    public boolean isInMemory() {
        return rows != null;
    }

    /** The side table that holds the rows, schema-qualified on PostgreSQL; empty when in memory. */
    public Optional<String> sideTable() {
        return Optional.ofNullable(sideTable);
    }

    /** The rows, in the order the query returned them. A side table is read whole: mind its size. */
    public List<Row> rows() {
        List<Row> result = new ArrayList<>();
        if (rows != null) {
            rows.forEach(values -> result.add(row(values)));
            return result;
        }
        try (ResultCursor cursor = ResultCursor.open(jdbi, "SELECT * FROM " + sideTable)) {
            Object[] values;
            while ((values = cursor.next()) != null) {
                result.add(row(values));
            }
            return result;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** The sum of a numeric column, NULLs left out; {@code null} when every value is NULL. */
    public BigDecimal sum(String column) {
        return (BigDecimal) aggregate("SUM", column);
    }

    /** The smallest value of a column, NULLs left out. Text in memory is ordered by code point. */
    public Object min(String column) {
        return aggregate("MIN", column);
    }

    /** The largest value of a column, NULLs left out. Text in memory is ordered by code point. */
    public Object max(String column) {
        return aggregate("MAX", column);
    }

    private Object aggregate(String function, String column) {
        int index = columns.indexOf(column.toLowerCase(Locale.ROOT));
        if (index < 0) {
            throw new IllegalArgumentException("The snapshot of\n  " + query + "\nhas no column '" + column
                    + "' => its columns are " + columns);
        }
        if (rows == null) {
            try (ResultCursor cursor = ResultCursor.open(jdbi, "SELECT " + function + "(" + column + ") FROM " + sideTable)) {
                Object value = cursor.next()[0];
                return function.equals("SUM") && value instanceof Long l ? BigDecimal.valueOf(l) : value;
            } catch (SQLException e) {
                throw readFailed(e);
            }
        }
        Object result = null;
        for (Object[] row : rows) {
            Object value = row[index];
            if (value == null) {
                continue;
            }
            result = switch (function) {
                case "SUM" -> (result == null ? BigDecimal.ZERO : (BigDecimal) result).add(decimal(value, column));
                case "MIN" -> result == null || Values.compareKeys(value, result) < 0 ? value : result;
                default -> result == null || Values.compareKeys(value, result) > 0 ? value : result;
            };
        }
        return result;
    }

    private BigDecimal decimal(Object value, String column) {
        if (value instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        throw new IllegalArgumentException("Column '" + column + "' of the snapshot of " + query
                + " is not numeric: it holds " + Values.typeOf(value));
    }

    /** Drops the side table now; does nothing for a snapshot in memory. */
    public void drop() {
        if (sideTable != null) {
            jdbi.useHandle(handle -> handle.execute("DROP TABLE IF EXISTS " + sideTable));
        }
    }

    // --- for DataDiff --------------------------------------------------------------------------

    /** The column sets the captured table declares unique (see {@link DeclaredKeys}); often none. */
    List<Set<String>> uniqueKeys() {
        return uniqueKeys;
    }

    List<Object[]> rowsInMemory() {
        return rows;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    Row row(Object[] values) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(columns.get(i), values[i]);
        }
        return new Row(map);
    }

    private SnapshotException readFailed(SQLException e) {
        return new SnapshotException("Could not read the snapshot of\n  " + query + "\nfrom its side table "
                + sideTable + ": " + e.getMessage() + "\n=> a migration must not drop tables named "
                + SIDE_TABLE_PREFIX + "* (or the schema " + SIDE_TABLE_SCHEMA + ")", e);
    }

    @Override
    public String toString() {
        return "Snapshot[" + rowCount + " rows of " + query + (sideTable == null ? "" : " in " + sideTable) + "]";
    }
}
