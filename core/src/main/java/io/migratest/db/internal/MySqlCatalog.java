package io.migratest.db.internal;

import io.migratest.check.Schema;
import io.migratest.check.Schema.Column;
import io.migratest.check.Schema.ForeignKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@link MySqlDialect} (and MariaDB's) reads a {@link Schema}: from {@code information_schema},
 * in the current database.
 */
final class MySqlCatalog {

    private static final Pattern DISPLAY_WIDTH = Pattern.compile("^(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)");
    private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");

    private MySqlCatalog() {
    }

    static Schema read(Connection connection, MySqlDialect dialect) throws SQLException {
        String history = dialect.historyTable(connection).orElse("");
        Map<String, CatalogParts.TableBuilder> tables = new TreeMap<>();
        CatalogParts.query(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_type = 'BASE TABLE' ORDER BY 1", rs -> tables.put(rs.getString(1), new CatalogParts.TableBuilder(rs.getString(1))));
        CatalogParts.query(connection, "SELECT table_name, column_name, column_type, is_nullable, column_default, extra, data_type,"
                + " character_maximum_length, numeric_precision, numeric_scale FROM information_schema.columns"
                + " WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position", rs -> {
                    CatalogParts.TableBuilder table = tables.get(rs.getString(1));
                    if (table == null) {
                        return;
                    }
                    String type = normaliseMySqlType(rs.getString(3));
                    String extra = rs.getString(6) == null ? "" : rs.getString(6).toLowerCase(Locale.ROOT);
                    boolean computed = extra.contains("generated") && !extra.contains("default_generated");
                    boolean autoIncrement = extra.contains("auto_increment");
                    String dataType = rs.getString(7).toLowerCase(Locale.ROOT);
                    Long charLength = (Long) CatalogParts.numberOrNull(rs.getObject(8));
                    Long precision = (Long) CatalogParts.numberOrNull(rs.getObject(9));
                    Long scale = (Long) CatalogParts.numberOrNull(rs.getObject(10));
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
        Map<String, CatalogParts.ConstraintBuilder> constraints = new LinkedHashMap<>();
        CatalogParts.query(connection, "SELECT tc.table_name, tc.constraint_name, tc.constraint_type, k.column_name,"
                + " k.referenced_table_name, k.referenced_column_name, r.update_rule, r.delete_rule"
                + " FROM information_schema.table_constraints tc"
                + " LEFT JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema"
                + "   AND k.table_name = tc.table_name AND k.constraint_name = tc.constraint_name"
                + " LEFT JOIN information_schema.referential_constraints r ON r.constraint_schema = tc.constraint_schema"
                + "   AND r.table_name = tc.table_name AND r.constraint_name = tc.constraint_name"
                + " WHERE tc.table_schema = DATABASE() AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')"
                + " ORDER BY tc.table_name, tc.constraint_name, k.ordinal_position", rs -> {
                    CatalogParts.ConstraintBuilder c = constraints.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getString(2),
                            k -> new CatalogParts.ConstraintBuilder(rs, 1));
                    if (rs.getString(4) != null) {
                        c.columns.add(rs.getString(4));
                    }
                    if (rs.getString(6) != null) {
                        c.referencedColumns.add(rs.getString(6));
                    }
                });
        List<String> uniqueNames = new ArrayList<>();
        for (CatalogParts.ConstraintBuilder c : constraints.values()) {
            CatalogParts.TableBuilder table = tables.get(c.table);
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
        CatalogParts.RowHandler check = rs -> {
            CatalogParts.TableBuilder table = tables.get(rs.getString(1));
            if (table != null) {
                table.constraints.add("check " + rs.getString(2) + " (" + rs.getString(3) + ")");
            }
        };
        CatalogParts.query(connection, dialect.checkConstraintsQuery(), check);
        Map<String, List<String>> indexColumns = new LinkedHashMap<>();
        Map<String, Boolean> indexUnique = new LinkedHashMap<>();
        CatalogParts.query(connection, "SELECT table_name, index_name, non_unique, column_name, sub_part FROM information_schema.statistics"
                + " WHERE table_schema = DATABASE() AND index_name <> 'PRIMARY' ORDER BY table_name, index_name, seq_in_index",
                rs -> {
                    String key = rs.getString(1) + "\u0000" + rs.getString(2);
                    indexColumns.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(rs.getString(4) + (rs.getObject(5) == null ? "" : "(" + rs.getString(5) + ")"));
                    indexUnique.put(key, rs.getInt(3) == 0);
                });
        indexColumns.forEach((key, columns) -> {
            String[] parts = key.split("\u0000");
            CatalogParts.TableBuilder table = tables.get(parts[0]);
            if (table == null || uniqueNames.contains(key)) {
                return;
            }
            boolean unique = indexUnique.get(key);
            table.constraints.add((unique ? "unique index " : "index ") + parts[1] + " (" + String.join(", ", columns) + ")");
            if (unique) {
                table.uniqueKeys.add(columns);
            }
        });
        return new Schema(dialect.engine(), CatalogParts.build(tables, history), List.of());
    }

    /** MySQL 8 dropped integer display widths that MariaDB still prints; without them both read alike. */
    private static String normaliseMySqlType(String columnType) {
        String type = columnType.toLowerCase(Locale.ROOT);
        if (type.startsWith("tinyint(1)")) {
            return type;
        }
        return DISPLAY_WIDTH.matcher(type).replaceFirst("$1");
    }
}
