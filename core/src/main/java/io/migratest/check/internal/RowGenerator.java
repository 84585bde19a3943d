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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates rows that fit a schema from its own metadata ({@link ColumnRules}: a value for each
 * column within its type, length, precision, enum labels and CHECK constraints), foreign keys
 * pointing at distinct combinations of parent rows ({@link ParentRows}), JSON documents carrying
 * the keys generated columns read ({@link JsonPaths}), identity and computed columns left to
 * the database. Tables are filled parents first, in bulk ({@code COPY} on PostgreSQL, multi-row
 * INSERTs elsewhere); a refused batch is retried row by row, and a refused row with other
 * values, so that a seeding fills every table or says which it could not fill and why.
 *
 * <p>The first rows of each seeding probe the edges: one with NULL in every nullable column
 * that is not part of a key, one with the lowest values (empty text, the type's minimum), one
 * with the highest (the longest non-ASCII text, the type's maximum). A later step that tightens
 * NOT NULL or narrows a type meets them; a probe the database refuses now is written plain.
 */
public final class RowGenerator {

    private static final int PARENT_ROWS = 1_000;

    private final Dialect dialect;
    private final AtomicLong counter;

    /** @param counter the source of distinct numbers; share one across seedings of one database */
    public RowGenerator(Engine engine, AtomicLong counter) {
        this.dialect = Dialect.of(engine);
        this.counter = counter;
    }

    /**
     * What seeding did.
     *
     * @param inserted   rows inserted per table, in the order the tables were filled
     * @param notes      one line per table that got fewer rows than asked, with the reason
     * @param shortfalls per table that got fewer rows than asked, why
     * @param asked      the rows asked per table
     */
    public record Seeded(Map<String, Integer> inserted, List<String> notes, Map<String, String> shortfalls, int asked) {

        public Seeded {
            inserted = Collections.unmodifiableMap(new LinkedHashMap<>(inserted));
            notes = List.copyOf(notes);
            shortfalls = Collections.unmodifiableMap(new LinkedHashMap<>(shortfalls));
        }

        /** Whether every table got every row asked. */
        public boolean complete() {
            return shortfalls.isEmpty();
        }

        /** The tables that got every row asked. */
        public long tablesSeeded() {
            return inserted.keySet().stream().filter(t -> !shortfalls.containsKey(t)).count();
        }

        /** The measurements {@code tablesSeeded} and {@code tablesPresent}, as a check result carries them. */
        public Map<String, Long> coverage() {
            return Map.of("tablesSeeded", tablesSeeded(), "tablesPresent", (long) inserted.size());
        }

        /** "not verified: t: reason; u: reason", the message of a step whose seeding fell short. */
        public String notVerified() {
            List<String> parts = new ArrayList<>();
            shortfalls.forEach((table, reason) -> parts.add(table + ": " + reason));
            return "not verified: " + String.join("; ", parts);
        }
    }

    /** Inserts {@code rowsPerTable} rows into every table of {@code schema}, parents first. */
    public Seeded seed(Connection connection, Schema schema, int rowsPerTable) throws SQLException {
        Map<String, Integer> inserted = new LinkedHashMap<>();
        Map<String, String> shortfalls = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        // as in prepare: only a computed column has a generation expression to read
        boolean computed = schema.tables().stream().flatMap(t -> t.columns().stream()).anyMatch(c -> c.expression() != null);
        Map<String, Map<String, String>> expressions = computed ? JsonPaths.expressions(connection, dialect) : Map.of();
        SeedWriter writer = new SeedWriter(dialect);
        for (Table table : parentsFirst(schema)) {
            TableRows rows = prepare(connection, table, expressions);
            if (rows.unsupported() != null) {
                notes.add("table " + table.name() + " not seeded: " + rows.unsupported());
                shortfalls.put(table.name(), "not seeded: " + rows.unsupported());
                inserted.put(table.name(), 0);
                continue;
            }
            SeedWriter.Filled filled = writer.write(connection, rows, rowsPerTable);
            inserted.put(table.name(), filled.inserted());
            if (filled.inserted() < rowsPerTable) {
                String reason = filled.inserted() + " of " + rowsPerTable + " generated rows inserted: " + filled.reason();
                notes.add("table " + table.name() + ": " + reason);
                shortfalls.put(table.name(), reason);
            }
        }
        return new Seeded(inserted, notes, shortfalls, rowsPerTable);
    }

    /**
     * Prepares the values of each column of {@code table}; foreign keys read the referenced rows now.
     * Only a computed column has a generation expression (the catalog read gives each its
     * expression), so a table without one needs no query for them: the lock rehearsal prepares
     * its writers' tables before every step.
     */
    public TableRows prepare(Connection connection, Table table) throws SQLException {
        boolean computed = table.columns().stream().anyMatch(c -> c.expression() != null);
        return prepare(connection, table, computed ? JsonPaths.expressions(connection, dialect) : Map.of());
    }

    private TableRows prepare(Connection connection, Table table, Map<String, Map<String, String>> expressions)
            throws SQLException {
        ColumnRules rules = new ColumnRules(dialect, connection);
        Set<String> keyColumns = keyColumns(table);
        Map<String, List<String>> checked = CheckedValues.of(connection, table, rules);
        Map<String, JsonPaths.Document> documents = documents(table, rules, keyColumns,
                expressions.getOrDefault(table.name().toLowerCase(Locale.ROOT), Map.of()));

        // Foreign keys first: the columns they cover take parent values.
        List<List<List<String>>> parents = new ArrayList<>();
        Map<String, int[]> fromParent = new LinkedHashMap<>();
        Set<String> alwaysNull = new HashSet<>();
        for (ForeignKey fk : table.foreignKeys()) {
            if (fk.columns().stream().allMatch(c -> fromParent.containsKey(lower(c)) || alwaysNull.contains(lower(c)))) {
                continue;
            }
            List<List<String>> rows = referencedRows(connection, fk);
            boolean allNullable = fk.columns().stream().allMatch(c -> table.column(c).map(Column::nullable).orElse(true));
            if (rows.isEmpty()) {
                if (!allNullable) {
                    return TableRows.unsupported(table.name(), "foreign key " + fk.name() + " needs rows in "
                            + fk.referencedTable() + ", which has none", dialect);
                }
                fk.columns().forEach(c -> alwaysNull.add(lower(c)));
                continue;
            }
            int index = parents.size();
            parents.add(rows);
            for (int i = 0; i < fk.columns().size(); i++) {
                fromParent.putIfAbsent(lower(fk.columns().get(i)), new int[] {index, i});
            }
        }

        List<Column> columns = new ArrayList<>();
        List<ColumnRule> columnRules = new ArrayList<>();
        List<int[]> parentSlots = new ArrayList<>();
        for (Column column : table.columns()) {
            String name = lower(column.name());
            int[] parent = fromParent.get(name);
            if (parent != null) {
                columns.add(column);
                columnRules.add(null);
                parentSlots.add(parent);
                continue;
            }
            if (alwaysNull.contains(name)) {
                columns.add(column);
                columnRules.add(new ColumnRule(column, false, true, n -> null, null, null));
                parentSlots.add(null);
                continue;
            }
            if (column.generated()) {
                continue;
            }
            ColumnRule rule = rules.of(table, column, keyColumns.contains(name), checked.getOrDefault(name, List.of()),
                    documents.get(name));
            if (rule == null) {
                if (column.nullable() || column.defaultValue() != null) {
                    continue;
                }
                return TableRows.unsupported(table.name(), "no generator for column " + column.name() + " of type "
                        + column.type() + " (NOT NULL, no default) => give it a default, or fill the table in a @Seed", dialect);
            }
            columns.add(column);
            columnRules.add(rule);
            parentSlots.add(null);
        }
        int[] foreignKeyOf = new int[columns.size()];
        int[] positionIn = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            int[] slot = parentSlots.get(i);
            foreignKeyOf[i] = slot == null ? -1 : slot[0];
            positionIn[i] = slot == null ? -1 : slot[1];
        }
        ParentRows parentRows = parents.isEmpty() ? ParentRows.NONE
                : new ParentRows(parents, foreignKeyOf, positionIn, rowCount(connection, table),
                        keyFromParents(table, columns, foreignKeyOf), new HashSet<>());
        if (parentRows != ParentRows.NONE) {
            takenKeys(connection, table, parentRows);
        }
        return new TableRows(table.name(), null, columns, columnRules, parentRows, counter, dialect);
    }

    /** Columns of the primary key and of every unique key, lower case; an index prefix length like {@code name(10)} dropped. */
    private static Set<String> keyColumns(Table table) {
        Set<String> keys = new HashSet<>();
        table.primaryKey().forEach(c -> keys.add(lower(c)));
        table.uniqueKeys().forEach(unique -> unique.forEach(c -> keys.add(lower(c.replaceAll("\\(\\d+\\)$", "")))));
        return keys;
    }

    /** The documents of each column generated columns read JSON from, per column name (lower case). */
    private static Map<String, JsonPaths.Document> documents(Table table, ColumnRules rules, Set<String> keyColumns,
            Map<String, String> expressions) throws SQLException {
        if (expressions.isEmpty()) {
            return Map.of();
        }
        List<Column> sources = table.columns().stream().filter(c -> !c.generated())
                .filter(c -> rules.family(c).equals("json") || rules.family(c).equals("text")).toList();
        Map<String, List<JsonPaths.Key>> keys = new LinkedHashMap<>();
        for (Column generated : table.columns()) {
            String expression = expressions.get(lower(generated.name()));
            if (expression == null) {
                continue;
            }
            Column source = JsonPaths.source(expression, sources);
            List<List<String>> paths = JsonPaths.paths(expression);
            if (source == null || paths.isEmpty()) {
                continue;
            }
            ColumnRule rule = rules.of(table, generated, keyColumns.contains(lower(generated.name())), List.of(), null);
            if (rule == null) {
                continue;
            }
            for (List<String> path : paths) {
                keys.computeIfAbsent(lower(source.name()), s -> new ArrayList<>())
                        .add(new JsonPaths.Key(path, rule.plain(), rules.numeric(generated)));
            }
        }
        Map<String, JsonPaths.Document> documents = new LinkedHashMap<>();
        keys.forEach((column, list) -> documents.put(column, new JsonPaths.Document(list)));
        return documents;
    }

    /**
     * The positions among {@code columns} of the table's primary key when every key column takes
     * parent values (a join table), else none: only then can two seedings pick one key twice.
     */
    private static int[] keyFromParents(Table table, List<Column> columns, int[] foreignKeyOf) {
        List<String> key = table.primaryKey();
        int[] positions = new int[key.size()];
        for (int k = 0; k < key.size(); k++) {
            positions[k] = -1;
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equalsIgnoreCase(key.get(k)) && foreignKeyOf[i] >= 0) {
                    positions[k] = i;
                }
            }
            if (positions[k] < 0) {
                return new int[0];
            }
        }
        return positions;
    }

    /** Adds the keys {@code table} holds to those {@code parentRows} passes over (a join table's keys, up to Census's limit). */
    private void takenKeys(Connection connection, Table table, ParentRows parentRows) throws SQLException {
        if (!parentRows.avoidsTakenKeys()) {
            return;
        }
        List<String> quoted = table.primaryKey().stream().map(this::quote).toList();
        try (Statement statement = connection.createStatement()) {
            statement.setMaxRows(Census.MAX_KEYS);
            try (ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", quoted) + " FROM " + quote(table.name()))) {
                while (rs.next()) {
                    List<String> key = new ArrayList<>(quoted.size());
                    for (int i = 1; i <= quoted.size(); i++) {
                        key.add(rs.getString(i));
                    }
                    parentRows.take(ParentRows.keyOf(key));
                }
            }
        }
    }

    private long rowCount(Connection connection, Table table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + quote(table.name()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<List<String>> referencedRows(Connection connection, ForeignKey fk) throws SQLException {
        List<String> quoted = fk.referencedColumns().stream().map(this::quote).toList();
        String sql = "SELECT DISTINCT " + String.join(", ", quoted) + " FROM " + quote(fk.referencedTable())
                + " WHERE " + String.join(" AND ", quoted.stream().map(c -> c + " IS NOT NULL").toList())
                + " ORDER BY " + String.join(", ", quoted);
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.setMaxRows(PARENT_ROWS);
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

    /** A string literal the column accepts (on PostgreSQL cast to the column's type, so that every type accepts text). */
    public String literal(String value, Column column) {
        return dialect.literal(value, column.type());
    }

    /** {@code identifier} quoted the engine's way ({@link Dialect#quote}). */
    public String quote(String identifier) {
        return dialect.quote(identifier);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
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

    /**
     * The rows the generator makes for one table: the columns it fills (identity, auto-increment
     * and computed columns are left to the server), a rule per column, and the parent rows its
     * foreign keys point at. Each row takes a new number from the shared counter.
     */
    public static final class TableRows {

        private final String table;
        private final String unsupported;
        private final List<Column> columns;
        private final List<ColumnRule> rules;
        private final ParentRows parents;
        private final AtomicLong counter;
        private final Dialect dialect;

        TableRows(String table, String unsupported, List<Column> columns, List<ColumnRule> rules, ParentRows parents,
                AtomicLong counter, Dialect dialect) {
            this.table = table;
            this.unsupported = unsupported;
            this.columns = List.copyOf(columns);
            this.rules = rules;
            this.parents = parents;
            this.counter = counter;
            this.dialect = dialect;
        }

        static TableRows unsupported(String table, String reason, Dialect dialect) {
            return new TableRows(table, reason, List.of(), List.of(), ParentRows.NONE, new AtomicLong(), dialect);
        }

        public String table() {
            return table;
        }

        /** Why no row can be generated for this table, or {@code null} when rows can be. */
        public String unsupported() {
            return unsupported;
        }

        /**
         * A new INSERT statement of one row with plain values (no NULL or boundary probes), for a
         * writer that must write valid rows; a key range that has run out gives an INSERT the
         * database refuses, which the writer counts.
         */
        public String insert() {
            if (columns.isEmpty()) {
                return dialect.insertDefaults(dialect.quote(table));
            }
            try {
                return insert(Collections.singletonList(row(ColumnRule.Variant.PLAIN)));
            } catch (ColumnRule.Exhausted e) {
                return dialect.insertDefaults(dialect.quote(table));
            }
        }

        /** Whether rows have no column to fill (every column is the server's). */
        boolean defaultsOnly() {
            return columns.isEmpty();
        }

        /** The values of a new row of {@code variant}; {@link ColumnRule.Exhausted} when a key has run out. */
        String[] row(ColumnRule.Variant variant) {
            long n = counter.incrementAndGet();
            String[] parentValues = parents == ParentRows.NONE ? null : parents.next();
            String[] values = new String[columns.size()];
            for (int i = 0; i < values.length; i++) {
                int parent = parents.position(i);
                values[i] = parent >= 0 ? parentValues[parent] : rules.get(i).value(variant, n);
            }
            return values;
        }

        /** One multi-row INSERT of {@code rows}. */
        String insert(List<String[]> rows) {
            StringBuilder sql = new StringBuilder(64 + rows.size() * columns.size() * 16).append("INSERT INTO ")
                    .append(dialect.quote(table)).append(" (").append(quotedColumns()).append(") VALUES ");
            for (int r = 0; r < rows.size(); r++) {
                sql.append(r == 0 ? "(" : ", (");
                String[] row = rows.get(r);
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        sql.append(", ");
                    }
                    sql.append(literal(i, row[i]));
                }
                sql.append(')');
            }
            return sql.toString();
        }

        /** {@code rows} in {@code COPY} text format. */
        String copyText(List<String[]> rows) {
            return tabSeparated(rows, "\\x").toString();
        }

        /**
         * {@code rows} as the UTF-8 file of {@link #loadDataStatement()}: {@code COPY}'s text
         * format (MySQL's {@code LOAD DATA} reads the same escapes), bytes as bare hexadecimal.
         */
        byte[] loadDataText(List<String[]> rows) {
            return tabSeparated(rows, "").toString().getBytes(StandardCharsets.UTF_8);
        }

        /** The {@code LOAD DATA LOCAL} statement that reads {@link #loadDataText}. */
        String loadDataStatement() {
            List<String> quoted = new ArrayList<>(columns.size());
            boolean[] hex = new boolean[columns.size()];
            boolean[] bit = new boolean[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                quoted.add(dialect.quote(columns.get(i).name()));
                bit[i] = isBytes(i) && columns.get(i).baseType().equals("bit");
                hex[i] = isBytes(i) && !bit[i];
            }
            return dialect.loadDataStatement(dialect.quote(table), quoted, hex, bit);
        }

        private StringBuilder tabSeparated(List<String[]> rows, String bytesPrefix) {
            StringBuilder text = new StringBuilder(rows.size() * columns.size() * 12);
            boolean[] bytes = new boolean[columns.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = isBytes(i);
            }
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    String value = row[i];
                    if (value == null) {
                        text.append("\\N");
                    } else if (bytes[i]) {
                        text.append(bytesPrefix).append(value); // hexadecimal digits: nothing to escape
                    } else {
                        copyEscaped(value, text);
                    }
                }
                text.append('\n');
            }
            return text;
        }

        String quotedColumns() {
            StringBuilder names = new StringBuilder();
            for (Column column : columns) {
                names.append(names.length() == 0 ? "" : ", ").append(dialect.quote(column.name()));
            }
            return names.toString();
        }

        private boolean isBytes(int index) {
            return parents.position(index) < 0 && rules.get(index).bytes();
        }

        private String literal(int index, String value) {
            if (value == null) {
                return "NULL";
            }
            String type = columns.get(index).type();
            return isBytes(index) ? dialect.bytesLiteral(value, type) : dialect.literal(value, type);
        }

        private static void copyEscaped(String value, StringBuilder text) {
            // one pass to the first character that needs an escape (a backslash or a control
            // character): generated values rarely have one, and four indexOf scans cost more
            int length = value.length();
            int clean = 0;
            while (clean < length) {
                char c = value.charAt(clean);
                if (c == '\\' || c < ' ') {
                    break;
                }
                clean++;
            }
            if (clean == length) {
                text.append(value);
                return;
            }
            text.append(value, 0, clean);
            for (int i = clean; i < length; i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '\t' -> text.append("\\t");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    default -> text.append(c);
                }
            }
        }
    }
}
