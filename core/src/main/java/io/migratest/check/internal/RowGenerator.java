package io.migratest.check.internal;

import io.migratest.check.Schema;
import io.migratest.check.Schema.Column;
import io.migratest.check.Schema.ForeignKey;
import io.migratest.check.Schema.Table;
import io.migratest.db.Engine;
import io.migratest.db.internal.Dialect;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
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
 * Generates rows that fit a schema from its own metadata: a value for each column by its type
 * and length, foreign keys pointing at rows of the referenced table, unique and key columns
 * from a counter (integers start well above the largest value present, so the migration's own
 * inserts of small ids do not collide), identity and computed columns left to the database.
 * Tables are filled parents first.
 */
public final class RowGenerator {

    private final Dialect dialect;
    private final AtomicLong counter;

    /** @param counter the source of distinct numbers; share one across seedings of one database */
    public RowGenerator(Engine engine, AtomicLong counter) {
        this.dialect = Dialect.of(engine);
        this.counter = counter;
    }

    /** What seeding did: rows inserted per table, and why some tables got fewer than asked. */
    public record Seeded(Map<String, Integer> inserted, List<String> notes) {
    }

    /** Inserts up to {@code rowsPerTable} rows into every table of {@code schema}, parents first. */
    public Seeded seed(Connection connection, Schema schema, int rowsPerTable) throws SQLException {
        Map<String, Integer> inserted = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Table table : parentsFirst(schema)) {
            TableRows rows = prepare(connection, table);
            if (rows.unsupported() != null) {
                notes.add("table " + table.name() + " not seeded: " + rows.unsupported());
                inserted.put(table.name(), 0);
                continue;
            }
            int count = 0;
            String firstError = null;
            try (Statement statement = connection.createStatement()) {
                for (int i = 0; i < rowsPerTable; i++) {
                    try {
                        statement.execute(rows.insert());
                        count++;
                    } catch (SQLException e) {
                        if (firstError == null) {
                            firstError = e.getMessage();
                        }
                    }
                }
            }
            inserted.put(table.name(), count);
            if (count < rowsPerTable) {
                notes.add("table " + table.name() + ": " + count + " of " + rowsPerTable + " generated rows inserted; "
                        + "the database refused the others: " + firstError);
            }
        }
        return new Seeded(inserted, notes);
    }

    /** A generator of INSERT statements for one table, each with new values. */
    public record TableRows(String table, String unsupported, List<String> columns, List<LongFunction<String>> values,
            String quotedTable, AtomicLong counter, Dialect dialect) {

        /** A new INSERT statement with the next values. */
        public String insert() {
            long n = counter.incrementAndGet();
            if (columns.isEmpty()) {
                return dialect.insertDefaults(quotedTable);
            }
            List<String> literals = new ArrayList<>();
            values.forEach(v -> literals.add(v.apply(n)));
            return "INSERT INTO " + quotedTable + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", literals) + ")";
        }
    }

    /** Prepares the values of each column of {@code table}; foreign keys read the referenced rows now. */
    public TableRows prepare(Connection connection, Table table) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<LongFunction<String>> values = new ArrayList<>();
        Map<String, LongFunction<String>> fromForeignKeys = new HashMap<>();
        for (ForeignKey fk : table.foreignKeys()) {
            List<List<String>> parents = referencedRows(connection, fk);
            boolean allNullable = fk.columns().stream()
                    .allMatch(c -> table.column(c).map(Column::nullable).orElse(true));
            for (int i = 0; i < fk.columns().size(); i++) {
                String column = fk.columns().get(i);
                if (fromForeignKeys.containsKey(column.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                Column meta = table.column(column).orElseThrow();
                if (parents.isEmpty()) {
                    if (!allNullable) {
                        return unsupported(table, "foreign key " + fk.name() + " needs rows in " + fk.referencedTable()
                                + ", which has none");
                    }
                    fromForeignKeys.put(column.toLowerCase(Locale.ROOT), n -> "NULL");
                    continue;
                }
                int index = i;
                fromForeignKeys.put(column.toLowerCase(Locale.ROOT), n -> {
                    String value = parents.get((int) (n % parents.size())).get(index);
                    return value == null ? "NULL" : literal(value, meta);
                });
            }
        }
        for (Column column : table.columns()) {
            LongFunction<String> fk = fromForeignKeys.get(column.name().toLowerCase(Locale.ROOT));
            if (fk != null) {
                columns.add(quote(column.name()));
                values.add(fk);
                continue;
            }
            if (column.generated()) {
                continue;
            }
            LongFunction<String> value = valueOf(connection, table, column);
            if (value == null) {
                if (column.nullable() || column.defaultValue() != null) {
                    continue;
                }
                return unsupported(table, "no generator for column " + column.name() + " of type " + column.type()
                        + " (NOT NULL, no default)");
            }
            columns.add(quote(column.name()));
            values.add(value);
        }
        return new TableRows(table.name(), null, columns, values, quote(table.name()), counter, dialect);
    }

    private TableRows unsupported(Table table, String reason) {
        return new TableRows(table.name(), reason, List.of(), List.of(), quote(table.name()), counter, dialect);
    }

    private List<List<String>> referencedRows(Connection connection, ForeignKey fk) throws SQLException {
        List<String> quoted = fk.referencedColumns().stream().map(this::quote).toList();
        String sql = "SELECT " + String.join(", ", quoted) + " FROM " + quote(fk.referencedTable())
                + " WHERE " + String.join(" AND ", quoted.stream().map(c -> c + " IS NOT NULL").toList())
                + " ORDER BY " + String.join(", ", quoted);
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.setMaxRows(1000);
            try (ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= quoted.size(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The value of a column for the n-th generated row, as an SQL literal; {@code null} for an unknown type. */
    private LongFunction<String> valueOf(Connection connection, Table table, Column column) throws SQLException {
        String base = column.baseType();
        Integer length = column.length();
        switch (family(column)) {
            case "int" -> {
                long start = largest(connection, table, column) + integerHeadroom(base);
                return n -> Long.toString(start + n);
            }
            case "decimal" -> {
                int digits = Math.max(0, Math.min(9, (length == null ? 10 : length) - (column.scale() == null ? 0 : column.scale())));
                long modulo = (long) Math.pow(10, digits);
                return n -> digits == 0 ? "0" : Long.toString(n % modulo);
            }
            case "float" -> {
                return n -> n + ".5";
            }
            case "bool" -> {
                return n -> dialect.generatedBoolean(n, column.type());
            }
            case "bit" -> {
                long modulo = 1L << Math.min(30, length == null ? 1 : length);
                return n -> Long.toString(n % modulo);
            }
            case "text" -> {
                boolean jsonSafe = dialect.textMayBeJson(base);
                return n -> {
                    String text = jsonSafe ? "{\"mt\":" + n + "}" : "mt" + Long.toString(n, 36);
                    if (length != null && text.length() > length) {
                        text = text.substring(text.length() - length);
                    }
                    return literal(text, column);
                };
            }
            case "date" -> {
                return n -> literal(LocalDate.of(2000, 1, 1).plusDays(n % 10_000).toString(), column);
            }
            case "timestamp" -> {
                return n -> literal(LocalDateTime.of(2001, 1, 1, 0, 0).plusSeconds(n * 61).toString().replace('T', ' '), column);
            }
            case "time" -> {
                return n -> literal(LocalTime.ofSecondOfDay(n % 86_400).toString(), column);
            }
            case "year" -> {
                return n -> Long.toString(1901 + n % 254);
            }
            case "uuid" -> {
                return n -> literal(UUID.nameUUIDFromBytes(("mt" + n).getBytes(StandardCharsets.UTF_8)).toString(), column);
            }
            case "json" -> {
                return n -> literal("{\"mt\": " + n + "}", column);
            }
            case "bytes" -> {
                return n -> {
                    byte[] bytes = ("mt" + n).getBytes(StandardCharsets.UTF_8);
                    if (length != null && bytes.length > length) {
                        bytes = java.util.Arrays.copyOfRange(bytes, bytes.length - length, bytes.length);
                    }
                    String hex = HexFormat.of().formatHex(bytes);
                    return dialect.bytesLiteral(hex, column.type());
                };
            }
            case "enum" -> {
                List<String> labels = column.enumValues();
                return labels.isEmpty() ? null : n -> literal(labels.get((int) (n % labels.size())), column);
            }
            case "interval" -> {
                return n -> literal(n + " seconds", column);
            }
            case "inet" -> {
                return n -> literal("10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255), column);
            }
            case "array" -> {
                return n -> literal("{}", column);
            }
            default -> {
                return null;
            }
        }
    }

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

    private static long integerHeadroom(String base) {
        return switch (base) {
            case "tinyint" -> 10;
            case "int2", "smallint" -> 1_000;
            default -> 1_000_000;
        };
    }

    private long largest(Connection connection, Table table, Column column) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MAX(" + quote(column.name()) + ") FROM " + quote(table.name()))) {
            rs.next();
            return Math.max(0, rs.getLong(1));
        }
    }

    /** A string literal the column accepts (on PostgreSQL cast to the column's type, so that every type accepts text). */
    public String literal(String value, Column column) {
        return dialect.literal(value, column.type());
    }

    /** {@code identifier} quoted the engine's way ({@link Dialect#quote}). */
    public String quote(String identifier) {
        return dialect.quote(identifier);
    }

    /** Tables in an order where every referenced table comes before the tables that reference it. */
    static List<Table> parentsFirst(Schema schema) {
        Map<String, Table> remaining = new LinkedHashMap<>();
        schema.tables().forEach(t -> remaining.put(t.name(), t));
        List<Table> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (!remaining.isEmpty()) {
            Table ready = null;
            for (Table table : remaining.values()) {
                boolean parentsDone = table.foreignKeys().stream()
                        .map(ForeignKey::referencedTable)
                        .allMatch(p -> p.equals(table.name()) || done.contains(p) || !remaining.containsKey(p));
                if (parentsDone) {
                    ready = table;
                    break;
                }
            }
            // A cycle of foreign keys: take the first table; its references may stay empty.
            Table next = ready != null ? ready : remaining.values().iterator().next();
            ordered.add(next);
            done.add(next.name());
            remaining.remove(next.name());
        }
        return ordered;
    }
}
