package io.migratest.check.internal;

import io.migratest.MigratestException;
import io.migratest.check.Schema;
import io.migratest.check.Schema.Column;
import io.migratest.check.Schema.ForeignKey;
import io.migratest.check.Schema.Table;
import io.migratest.compare.Row;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.Dialect;
import io.migratest.fixture.Fixtures;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Fills tables at volume through the fixture bulk path ({@link Fixtures#generate}: COPY on
 * PostgreSQL, LOAD DATA LOCAL or batched multi-row inserts on MySQL and MariaDB), with Java values made from each
 * column's type (its family as {@link ColumnRules} names it). Key and unique integer columns count up from above the largest value present;
 * foreign keys cycle over up to 1,000 rows of the referenced table, which gets rows first when
 * it has none.
 */
final class VolumeRows {

    /** Rows an empty referenced table gets, so that foreign keys have something to point at. */
    private static final long PARENT_ROWS = 1_000;

    private final TestDatabase database;
    private final Dialect dialect;
    private final AtomicLong counter;

    VolumeRows(TestDatabase database, AtomicLong counter) {
        this.database = database;
        this.dialect = Dialect.of(database.engine());
        this.counter = counter;
    }

    /**
     * Tops each of {@code tables} up to {@code rows} rows (a table that already has as many is
     * left alone); empty tables they reference get {@value #PARENT_ROWS} rows first.
     */
    void fill(Schema schema, List<Table> tables, long rows) throws SQLException {
        Set<String> touched = new LinkedHashSet<>();
        tables.forEach(t -> touched.add(t.name()));
        Map<String, Table> needed = new LinkedHashMap<>();
        tables.forEach(t -> addWithParents(schema, t, needed));
        for (Table table : RowGenerator.parentsFirst(new Schema(schema.engine(), List.copyOf(needed.values()), schema.types()))) {
            long present = count(table);
            long target = touched.contains(table.name()) ? rows : (present == 0 ? Math.min(rows, PARENT_ROWS) : 0);
            if (present < target) {
                generate(table, target - present);
            }
        }
    }

    long count(Table table) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + dialect.quote(table.name()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void addWithParents(Schema schema, Table table, Map<String, Table> needed) {
        if (needed.containsKey(table.name())) {
            return;
        }
        needed.put(table.name(), table);
        for (ForeignKey fk : table.foreignKeys()) {
            schema.table(fk.referencedTable()).ifPresent(parent -> addWithParents(schema, parent, needed));
        }
    }

    private void generate(Table table, long count) throws SQLException {
        List<String> names = new ArrayList<>();
        List<LongFunction<Object>> values = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection()) {
            ColumnRules rules = new ColumnRules(dialect, connection);
            Map<String, LongFunction<Object>> fromKeys = foreignKeyValues(connection, table);
            for (Column column : table.columns()) {
                LongFunction<Object> value = fromKeys.get(column.name().toLowerCase(Locale.ROOT));
                if (value == null && column.generated()) {
                    continue;
                }
                if (value == null) {
                    value = valueOf(connection, rules.family(column), table, column);
                }
                if (value == null) {
                    if (column.nullable() || column.defaultValue() != null) {
                        continue;
                    }
                    throw new MigratestException("The volume rehearsal cannot generate values for column " + column.name()
                            + " (" + column.type() + ", NOT NULL, no default) of table " + table.name()
                            + " => give the column a default, or switch the check off for this class with"
                            + " @SkipChecks(Check.VOLUME_REHEARSAL)");
                }
                names.add(column.name());
                values.add(value);
            }
        }
        if (names.isEmpty()) {
            throw new MigratestException("The volume rehearsal cannot fill table " + table.name()
                    + ": it has no column to write => give it a column, or @SkipChecks(Check.VOLUME_REHEARSAL)");
        }
        long first = counter.getAndAdd(count) + 1;
        Fixtures.generate(database, table.name(), count, i -> {
            long n = first + i;
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < names.size(); c++) {
                row.put(names.get(c), values.get(c).apply(n));
            }
            return new Row(row);
        });
    }

    private Map<String, LongFunction<Object>> foreignKeyValues(Connection connection, Table table) throws SQLException {
        Map<String, LongFunction<Object>> values = new LinkedHashMap<>();
        for (ForeignKey fk : table.foreignKeys()) {
            List<String> quoted = fk.referencedColumns().stream().map(dialect::quote).toList();
            List<Object[]> parents = new ArrayList<>();
            try (Statement statement = connection.createStatement()) {
                statement.setMaxRows((int) PARENT_ROWS);
                try (ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", quoted) + " FROM "
                        + dialect.quote(fk.referencedTable()) + " WHERE "
                        + String.join(" AND ", quoted.stream().map(c -> c + " IS NOT NULL").toList()))) {
                    while (rs.next()) {
                        Object[] key = new Object[quoted.size()];
                        for (int i = 0; i < key.length; i++) {
                            key[i] = rs.getObject(i + 1);
                        }
                        parents.add(key);
                    }
                }
            }
            for (int i = 0; i < fk.columns().size(); i++) {
                int index = i;
                values.putIfAbsent(fk.columns().get(i).toLowerCase(Locale.ROOT),
                        parents.isEmpty() ? n -> null : n -> parents.get((int) (n % parents.size()))[index]);
            }
        }
        return values;
    }

    /** The value of a column for the n-th generated row, or {@code null} for a type without a generator. */
    private LongFunction<Object> valueOf(Connection connection, String family, Table table, Column column)
            throws SQLException {
        Integer length = column.length();
        boolean unique = isUnique(table, column);
        switch (family) {
            case "int" -> {
                if (unique) {
                    long start = largest(connection, table, column) + 1_000_000;
                    return n -> start + n;
                }
                long modulo = switch (column.baseType()) {
                    case "tinyint" -> 100;
                    case "int2", "smallint" -> 30_000;
                    default -> Long.MAX_VALUE;
                };
                return n -> n % modulo;
            }
            case "decimal" -> {
                int digits = Math.max(0, Math.min(9, (length == null ? 10 : length) - (column.scale() == null ? 0 : column.scale())));
                long modulo = (long) Math.pow(10, digits);
                return n -> n % modulo;
            }
            case "float" -> {
                return n -> n + 0.5;
            }
            case "bool" -> {
                return n -> n % 2 == 0;
            }
            case "bit" -> {
                long modulo = 1L << Math.min(30, length == null ? 1 : length);
                return n -> n % modulo;
            }
            case "text" -> {
                boolean json = dialect.textMayBeJson(column.baseType());
                return n -> {
                    String text = json ? "{\"mt\":" + n + "}" : "mt" + Long.toString(n, 36);
                    return length != null && text.length() > length ? text.substring(text.length() - length) : text;
                };
            }
            case "date" -> {
                return n -> LocalDate.of(2000, 1, 1).plusDays(n % 10_000);
            }
            case "timestamp" -> {
                return n -> LocalDateTime.of(2001, 1, 1, 0, 0).plusSeconds(n % 1_000_000_000L);
            }
            case "time" -> {
                return n -> LocalTime.ofSecondOfDay(n % 86_400);
            }
            case "year" -> {
                return n -> 1901 + n % 254;
            }
            case "uuid" -> {
                return n -> UUID.nameUUIDFromBytes(("mt" + n).getBytes(StandardCharsets.UTF_8)).toString();
            }
            case "json" -> {
                return n -> "{\"mt\": " + n + "}";
            }
            case "bytes" -> {
                return n -> {
                    byte[] bytes = ("mt" + n).getBytes(StandardCharsets.UTF_8);
                    return length != null && bytes.length > length
                            ? java.util.Arrays.copyOfRange(bytes, bytes.length - length, bytes.length) : bytes;
                };
            }
            case "enum" -> {
                List<String> labels = column.enumValues();
                return labels.isEmpty() ? null : n -> labels.get((int) (n % labels.size()));
            }
            case "interval" -> {
                return n -> n + " seconds";
            }
            case "inet" -> {
                return n -> "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean isUnique(Table table, Column column) {
        return table.primaryKey().stream().anyMatch(c -> c.equalsIgnoreCase(column.name()))
                || table.uniqueKeys().stream().flatMap(List::stream).anyMatch(c -> c.equalsIgnoreCase(column.name()));
    }

    private long largest(Connection connection, Table table, Column column) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MAX(" + dialect.quote(column.name()) + ") FROM "
                        + dialect.quote(table.name()))) {
            rs.next();
            return Math.max(0, rs.getLong(1));
        }
    }
}
