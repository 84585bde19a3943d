package io.migratest.check.internal;

import io.migratest.check.Schema;
import io.migratest.check.Schema.Column;
import io.migratest.check.Schema.ForeignKey;
import io.migratest.check.Schema.Table;
import io.migratest.db.Engine;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link Schema} from the catalog: {@code pg_catalog} on PostgreSQL,
 * {@code information_schema} on MySQL and MariaDB. Flyway's history table is left out.
 */
public final class SchemaReader {

    private static final Pattern LENGTH = Pattern.compile("\\((\\d+)(?:,\\s*(\\d+))?\\)");
    private static final Pattern DISPLAY_WIDTH = Pattern.compile("^(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)");
    private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");

    private SchemaReader() {
    }

    public static Schema read(Connection connection, Engine engine) throws SQLException {
        return engine == Engine.POSTGRES ? readPostgres(connection) : readMySql(connection, engine);
    }

    /** The name of Flyway's history table in the current schema, found by its columns. */
    public static Optional<String> historyTable(Connection connection, Engine engine) throws SQLException {
        String schema = engine == Engine.POSTGRES ? "current_schema()" : "DATABASE()";
        String sql = "SELECT table_name FROM information_schema.columns WHERE table_schema = " + schema
                + " AND column_name IN ('installed_rank', 'checksum', 'execution_time', 'installed_by')"
                + " GROUP BY table_name HAVING COUNT(*) = 4";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static Schema readPostgres(Connection connection) throws SQLException {
        String history = historyTable(connection, Engine.POSTGRES).orElse("");
        Map<String, List<String>> enums = new TreeMap<>();
        query(connection, "SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid"
                + " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema()"
                + " ORDER BY t.typname, e.enumsortorder", rs -> enums.computeIfAbsent(rs.getString(1),
                        k -> new ArrayList<>()).add(rs.getString(2)));
        Map<String, TableBuilder> tables = new TreeMap<>();
        query(connection, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1",
                rs -> tables.put(rs.getString(1), new TableBuilder(rs.getString(1))));
        query(connection, "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, t.typname, t.typtype"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0"
                + " AND NOT a.attisdropped ORDER BY c.relname, a.attnum", rs -> {
                    TableBuilder table = tables.get(rs.getString(1));
                    String type = rs.getString(3);
                    String defaultValue = rs.getString(5);
                    boolean identity = !rs.getString(6).isEmpty();
                    boolean computed = !rs.getString(7).isEmpty();
                    boolean serial = defaultValue != null && defaultValue.startsWith("nextval(");
                    String typeName = rs.getString(8);
                    boolean isEnum = "e".equals(rs.getString(9));
                    Matcher length = LENGTH.matcher(type);
                    boolean hasLength = length.find();
                    table.columns.add(new Column(rs.getString(2), type + (identity ? " identity" : ""),
                            isEnum ? "enum" : typeName,
                            hasLength ? Integer.valueOf(length.group(1)) : null,
                            hasLength && length.group(2) != null ? Integer.valueOf(length.group(2)) : null,
                            !rs.getBoolean(4), computed ? "(" + defaultValue + ") stored" : defaultValue,
                            identity || computed || serial, isEnum ? enums.getOrDefault(typeName, List.of()) : List.of()));
                });
        query(connection, "SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid, true),"
                + " ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)"
                + "   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord),"
                + " fc.relname,"
                + " ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)"
                + "   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)"
                + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_class fc ON fc.oid = con.confrelid"
                + " WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u', 'f', 'c', 'x')"
                + " ORDER BY c.relname, con.conname", rs -> {
                    TableBuilder table = tables.get(rs.getString(1));
                    if (table == null) {
                        return;
                    }
                    String name = rs.getString(2);
                    String kind = rs.getString(3);
                    String definition = rs.getString(4);
                    List<String> columns = strings(rs.getArray(5));
                    switch (kind) {
                        case "p" -> {
                            table.primaryKey.addAll(columns);
                            table.constraints.add("primary key (" + String.join(", ", columns) + ")");
                        }
                        case "u" -> {
                            table.uniqueKeys.add(columns);
                            table.constraints.add("unique " + name + " (" + String.join(", ", columns) + ")");
                        }
                        case "f" -> {
                            table.foreignKeys.add(new ForeignKey(name, columns, rs.getString(6), strings(rs.getArray(7))));
                            table.constraints.add("foreign key " + name + " " + definition);
                        }
                        default -> table.constraints.add("check " + name + " " + definition);
                    }
                });
        query(connection, "SELECT t.relname, i.relname, pg_get_indexdef(ix.indexrelid), ix.indisunique,"
                + " ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(num, ord)"
                + "   JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.num ORDER BY k.ord)"
                + " FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()"
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid"
                + "   AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x'))"
                + " ORDER BY 1, 2", rs -> {
                    TableBuilder table = tables.get(rs.getString(1));
                    if (table == null) {
                        return;
                    }
                    String definition = rs.getString(3);
                    int using = definition.indexOf(" USING ");
                    table.constraints.add((rs.getBoolean(4) ? "unique index " : "index ") + rs.getString(2)
                            + (using < 0 ? " " + definition : definition.substring(using)));
                    if (rs.getBoolean(4)) {
                        table.uniqueKeys.add(strings(rs.getArray(5)));
                    }
                });
        List<String> types = new ArrayList<>();
        enums.forEach((name, labels) -> types.add("type " + name + " enum ('" + String.join("', '", labels) + "')"));
        return new Schema(Engine.POSTGRES, build(tables, history), types);
    }

    private static Schema readMySql(Connection connection, Engine engine) throws SQLException {
        String history = historyTable(connection, engine).orElse("");
        Map<String, TableBuilder> tables = new TreeMap<>();
        query(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_type = 'BASE TABLE' ORDER BY 1", rs -> tables.put(rs.getString(1), new TableBuilder(rs.getString(1))));
        query(connection, "SELECT table_name, column_name, column_type, is_nullable, column_default, extra, data_type,"
                + " character_maximum_length, numeric_precision, numeric_scale FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position", rs -> {
                    TableBuilder table = tables.get(rs.getString(1));
                    if (table == null) {
                        return;
                    }
                    String type = normaliseMySqlType(rs.getString(3));
                    String extra = rs.getString(6) == null ? "" : rs.getString(6).toLowerCase(Locale.ROOT);
                    boolean computed = extra.contains("generated") && !extra.contains("default_generated");
                    boolean autoIncrement = extra.contains("auto_increment");
                    String dataType = rs.getString(7).toLowerCase(Locale.ROOT);
                    Long charLength = (Long) numberOrNull(rs.getObject(8));
                    Long precision = (Long) numberOrNull(rs.getObject(9));
                    Long scale = (Long) numberOrNull(rs.getObject(10));
                    Integer length = charLength != null ? Integer.valueOf((int) Math.min(charLength, Integer.MAX_VALUE))
                            : precision != null ? Integer.valueOf(precision.intValue()) : null;
                    List<String> enumValues = new ArrayList<>();
                    if (dataType.equals("enum") || dataType.equals("set")) {
                        Matcher m = QUOTED.matcher(rs.getString(3));
                        while (m.find()) {
                            enumValues.add(m.group(1).replace("''", "'"));
                        }
                    }
                    String defaultValue = rs.getString(5);
                    if (defaultValue != null && (defaultValue.equalsIgnoreCase("NULL") || computed)) {
                        defaultValue = null;
                    }
                    String shownType = type + (autoIncrement ? " auto_increment" : "")
                            + (extra.contains("on update") ? " " + extra.substring(extra.indexOf("on update")) : "");
                    table.columns.add(new Column(rs.getString(2), shownType, dataType, length,
                            scale == null ? null : Integer.valueOf(scale.intValue()), "YES".equals(rs.getString(4)),
                            defaultValue, autoIncrement || computed, enumValues));
                });
        Map<String, ConstraintBuilder> constraints = new LinkedHashMap<>();
        query(connection, "SELECT tc.table_name, tc.constraint_name, tc.constraint_type, k.column_name,"
                + " k.referenced_table_name, k.referenced_column_name, r.update_rule, r.delete_rule"
                + " FROM information_schema.table_constraints tc"
                + " LEFT JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema"
                + "   AND k.table_name = tc.table_name AND k.constraint_name = tc.constraint_name"
                + " LEFT JOIN information_schema.referential_constraints r ON r.constraint_schema = tc.constraint_schema"
                + "   AND r.table_name = tc.table_name AND r.constraint_name = tc.constraint_name"
                + " WHERE tc.table_schema = DATABASE() AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')"
                + " ORDER BY tc.table_name, tc.constraint_name, k.ordinal_position", rs -> {
                    ConstraintBuilder c = constraints.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getString(2),
                            k -> new ConstraintBuilder(rs, 1));
                    if (rs.getString(4) != null) {
                        c.columns.add(rs.getString(4));
                    }
                    if (rs.getString(6) != null) {
                        c.referencedColumns.add(rs.getString(6));
                    }
                });
        List<String> uniqueNames = new ArrayList<>();
        for (ConstraintBuilder c : constraints.values()) {
            TableBuilder table = tables.get(c.table);
            if (table == null) {
                continue;
            }
            String columns = String.join(", ", c.columns);
            switch (c.type) {
                case "PRIMARY KEY" -> {
                    table.primaryKey.addAll(c.columns);
                    table.constraints.add("primary key (" + columns + ")");
                }
                case "UNIQUE" -> {
                    table.uniqueKeys.add(c.columns);
                    table.constraints.add("unique " + c.name + " (" + columns + ")");
                    uniqueNames.add(c.table + "\u0000" + c.name);
                }
                default -> {
                    table.foreignKeys.add(new ForeignKey(c.name, c.columns, c.referencedTable, c.referencedColumns));
                    table.constraints.add("foreign key " + c.name + " (" + columns + ") references " + c.referencedTable
                            + " (" + String.join(", ", c.referencedColumns) + ") on update " + c.updateRule.toLowerCase(Locale.ROOT)
                            + " on delete " + c.deleteRule.toLowerCase(Locale.ROOT));
                }
            }
        }
        RowHandler check = rs -> {
            TableBuilder table = tables.get(rs.getString(1));
            if (table != null) {
                table.constraints.add("check " + rs.getString(2) + " (" + rs.getString(3) + ")");
            }
        };
        if (connection.getMetaData().getDatabaseProductVersion().contains("MariaDB")) {
            query(connection, "SELECT table_name, constraint_name, check_clause FROM information_schema.check_constraints"
                    + " WHERE constraint_schema = DATABASE() ORDER BY 1, 2", check);
        } else {
            // MySQL's check_constraints has no table name; table_constraints does.
            query(connection, "SELECT tc.table_name, cc.constraint_name, cc.check_clause"
                    + " FROM information_schema.check_constraints cc JOIN information_schema.table_constraints tc"
                    + " ON tc.constraint_schema = cc.constraint_schema AND tc.constraint_name = cc.constraint_name"
                    + " AND tc.constraint_type = 'CHECK' WHERE cc.constraint_schema = DATABASE() ORDER BY 1, 2", check);
        }
        Map<String, List<String>> indexColumns = new LinkedHashMap<>();
        Map<String, Boolean> indexUnique = new LinkedHashMap<>();
        query(connection, "SELECT table_name, index_name, non_unique, column_name, sub_part FROM information_schema.statistics"
                + " WHERE table_schema = DATABASE() AND index_name <> 'PRIMARY' ORDER BY table_name, index_name, seq_in_index",
                rs -> {
                    String key = rs.getString(1) + "\u0000" + rs.getString(2);
                    indexColumns.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(rs.getString(4) + (rs.getObject(5) == null ? "" : "(" + rs.getString(5) + ")"));
                    indexUnique.put(key, rs.getInt(3) == 0);
                });
        indexColumns.forEach((key, columns) -> {
            String[] parts = key.split("\u0000");
            TableBuilder table = tables.get(parts[0]);
            if (table == null || uniqueNames.contains(key)) {
                return;
            }
            boolean unique = indexUnique.get(key);
            table.constraints.add((unique ? "unique index " : "index ") + parts[1] + " (" + String.join(", ", columns) + ")");
            if (unique) {
                table.uniqueKeys.add(columns);
            }
        });
        return new Schema(engine, build(tables, history), List.of());
    }

    /** MySQL 8 dropped integer display widths that MariaDB still prints; without them both read alike. */
    private static String normaliseMySqlType(String columnType) {
        String type = columnType.toLowerCase(Locale.ROOT);
        if (type.startsWith("tinyint(1)")) {
            return type;
        }
        return DISPLAY_WIDTH.matcher(type).replaceFirst("$1");
    }

    private static Object numberOrNull(Object value) {
        return value == null ? null : Long.valueOf(((Number) value).longValue());
    }

    private static List<Table> build(Map<String, TableBuilder> tables, String history) {
        List<Table> result = new ArrayList<>();
        for (TableBuilder table : tables.values()) {
            if (table.name.equals(history)) {
                continue;
            }
            List<String> sorted = new ArrayList<>(table.constraints);
            sorted.sort(null);
            result.add(new Table(table.name, table.columns, table.primaryKey, table.uniqueKeys, table.foreignKeys, sorted));
        }
        return result;
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(String::valueOf).toList();
    }

    private interface RowHandler {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(Connection connection, String sql, RowHandler handler) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                handler.accept(rs);
            }
        }
    }

    private static final class TableBuilder {
        final String name;
        final List<Column> columns = new ArrayList<>();
        final List<String> primaryKey = new ArrayList<>();
        final List<List<String>> uniqueKeys = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        final List<String> constraints = new ArrayList<>();

        TableBuilder(String name) {
            this.name = name;
        }
    }

    private static final class ConstraintBuilder {
        final String table;
        final String name;
        final String type;
        final String referencedTable;
        final String updateRule;
        final String deleteRule;
        final List<String> columns = new ArrayList<>();
        final List<String> referencedColumns = new ArrayList<>();

        ConstraintBuilder(ResultSet rs, int first) {
            try {
                table = rs.getString(first);
                name = rs.getString(first + 1);
                type = rs.getString(first + 2);
                referencedTable = rs.getString(first + 4);
                updateRule = rs.getString(first + 6) == null ? "" : rs.getString(first + 6);
                deleteRule = rs.getString(first + 7) == null ? "" : rs.getString(first + 7);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
