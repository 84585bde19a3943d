package io.migratest.db.internal;

import io.migratest.check.Schema;
import io.migratest.check.Schema.CheckConstraint;
import io.migratest.check.Schema.Column;
import io.migratest.check.Schema.ForeignKey;
import io.migratest.check.Schema.SchemaObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@link MySqlDialect} (and MariaDB's) reads a {@link Schema}: from {@code information_schema},
 * in the current database. Where the two differ (index columns, sequences, CHECK constraints) the
 * dialect gives the query.
 */
final class MySqlCatalog {

    private static final Pattern DISPLAY_WIDTH = Pattern.compile("^(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)");
    private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");

    private MySqlCatalog() {
    }

    /**
     * The schema; with {@code objects} false, its tables only. Flyway's history table, left out,
     * is {@code knownHistory}, or found when that is {@code null}.
     */
    static Schema read(Connection connection, MySqlDialect dialect, boolean objects, String knownHistory)
            throws SQLException {
        String history = knownHistory != null ? knownHistory : dialect.historyTable(connection).orElse("");
        Map<String, CatalogParts.TableBuilder> tables = new TreeMap<>();
        Map<String, String> tableCollations = new TreeMap<>();
        CatalogParts.query(connection, "SELECT table_name, engine, table_collation FROM information_schema.tables"
                + " WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY 1", rs -> {
                    CatalogParts.TableBuilder table = new CatalogParts.TableBuilder(rs.getString(1));
                    if (rs.getString(2) != null) {
                        table.options.add("engine " + rs.getString(2));
                    }
                    if (rs.getString(3) != null) {
                        table.options.add("charset " + charsetOf(rs.getString(3)) + " collate " + rs.getString(3));
                        tableCollations.put(table.name, rs.getString(3));
                    }
                    tables.put(table.name, table);
                });
        readColumns(connection, tables, tableCollations);
        List<String> uniqueNames = readConstraints(connection, tables);
        CatalogParts.query(connection, dialect.checkConstraintsQuery(), rs -> {
            CatalogParts.TableBuilder table = tables.get(rs.getString(1));
            if (table != null) {
                table.checks.add(new CheckConstraint(rs.getString(2), rs.getString(3)));
                table.constraints.add("check " + rs.getString(2) + " (" + rs.getString(3) + ")");
            }
        });
        readIndexes(connection, dialect, tables, uniqueNames);
        List<SchemaObject> others = new ArrayList<>();
        if (objects) {
            String database = currentDatabase(connection);
            Optional<String> sequences = dialect.sequencesQuery();
            if (sequences.isPresent()) {
                readSequences(connection, sequences.get(), dialect, others);
            }
            readViews(connection, database, others);
            readRoutines(connection, database, others);
            readTriggers(connection, database, history, others);
        }
        return new Schema(dialect.engine(), CatalogParts.build(tables, history), List.of(), others);
    }

    private static String currentDatabase(Connection connection) throws SQLException {
        String[] name = {""};
        CatalogParts.query(connection, "SELECT DATABASE()", rs -> name[0] = rs.getString(1));
        return name[0];
    }

    /** A collation's name starts with its character set's: {@code utf8mb4_bin} is of {@code utf8mb4}. */
    private static String charsetOf(String collation) {
        int underscore = collation.indexOf('_');
        return underscore < 0 ? collation : collation.substring(0, underscore);
    }

    /**
     * The columns; a column's charset and collation are shown where they differ from its table's,
     * as {@code SHOW CREATE TABLE} does, so that a table converted to another charset reads as one
     * changed line and a column given its own charset as another.
     */
    private static void readColumns(Connection connection, Map<String, CatalogParts.TableBuilder> tables,
            Map<String, String> tableCollations) throws SQLException {
        CatalogParts.query(connection, "SELECT table_name, column_name, column_type, is_nullable, column_default, extra, data_type,"
                + " character_maximum_length, numeric_precision, numeric_scale, generation_expression, character_set_name,"
                + " collation_name FROM information_schema.columns"
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
                    String collation = rs.getString(13);
                    boolean ownCollation = collation != null && !collation.equals(tableCollations.get(table.name));
                    table.columns.add(new Column(rs.getString(2), shownType, dataType, length,
                            scale == null ? null : Integer.valueOf(scale.intValue()), "YES".equals(rs.getString(4)),
                            defaultValue, autoIncrement || computed, enumValues,
                            computed ? generationExpression(rs.getString(11), extra) : null,
                            ownCollation ? rs.getString(12) : null, ownCollation ? collation : null));
                });
    }

    /** {@code (expr) stored} or {@code (expr) virtual}, as PostgreSQL's read. */
    private static String generationExpression(String expression, String extra) {
        return "(" + (expression == null ? "" : expression.strip()) + ")"
                + (extra.contains("stored") || extra.contains("persistent") ? " stored" : " virtual");
    }

    /** Primary keys, unique constraints and foreign keys with their actions; returns the unique constraints' keys. */
    private static List<String> readConstraints(Connection connection, Map<String, CatalogParts.TableBuilder> tables)
            throws SQLException {
        // Three plain queries joined here: on MariaDB the same join in SQL over information_schema costs
        // ten times as much (about 12 ms against 1 ms each), and the tables are read after every version.
        Map<String, List<String[]>> keyColumns = new LinkedHashMap<>();
        CatalogParts.query(connection, "SELECT table_name, constraint_name, column_name, referenced_table_name,"
                + " referenced_column_name FROM information_schema.key_column_usage WHERE table_schema = DATABASE()"
                + " ORDER BY table_name, constraint_name, ordinal_position", rs -> keyColumns.computeIfAbsent(
                        rs.getString(1) + "\u0000" + rs.getString(2), k -> new ArrayList<>())
                        .add(new String[] {rs.getString(3), rs.getString(4), rs.getString(5)}));
        Map<String, String[]> rules = new LinkedHashMap<>();
        CatalogParts.query(connection, "SELECT table_name, constraint_name, update_rule, delete_rule"
                + " FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE()",
                rs -> rules.put(rs.getString(1) + "\u0000" + rs.getString(2), new String[] {rs.getString(3), rs.getString(4)}));
        Map<String, CatalogParts.ConstraintBuilder> constraints = new LinkedHashMap<>();
        CatalogParts.query(connection, "SELECT table_name, constraint_name, constraint_type"
                + " FROM information_schema.table_constraints WHERE table_schema = DATABASE()"
                + " AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') ORDER BY table_name, constraint_name",
                rs -> {
                    String key = rs.getString(1) + "\u0000" + rs.getString(2);
                    List<String[]> parts = keyColumns.getOrDefault(key, List.of());
                    String[] rule = rules.getOrDefault(key, new String[2]);
                    CatalogParts.ConstraintBuilder c = new CatalogParts.ConstraintBuilder(rs.getString(1), rs.getString(2),
                            rs.getString(3), parts.isEmpty() ? null : parts.get(0)[1], rule[0], rule[1]);
                    for (String[] part : parts) {
                        if (part[0] != null) {
                            c.columns.add(part[0]);
                        }
                        if (part[2] != null) {
                            c.referencedColumns.add(part[2]);
                        }
                    }
                    constraints.putIfAbsent(key, c);
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
                    if (c.columns.isEmpty()) {
                        // a functional unique index (MySQL): its parts are expressions, shown with the indexes
                        continue;
                    }
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
        return uniqueNames;
    }

    /**
     * Indexes other than the primary key and unique constraints: method, parts (a prefix length,
     * descending, an expression) and whether the optimizer ignores it.
     */
    private static void readIndexes(Connection connection, MySqlDialect dialect, Map<String, CatalogParts.TableBuilder> tables,
            List<String> uniqueNames) throws SQLException {
        Map<String, List<String>> indexParts = new LinkedHashMap<>();
        Map<String, List<String>> indexColumns = new LinkedHashMap<>();
        Map<String, String> indexHeads = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        List<String> onExpressions = new ArrayList<>();
        CatalogParts.query(connection, dialect.indexColumnsQuery(), rs -> {
            String key = rs.getString(1) + "\u0000" + rs.getString(2);
            String column = rs.getString(4);
            String part = (column != null ? column : "(" + rs.getString(8) + ")")
                    + (rs.getObject(5) == null ? "" : "(" + rs.getString(5) + ")") + ("D".equals(rs.getString(7)) ? " desc" : "");
            indexParts.computeIfAbsent(key, k -> new ArrayList<>()).add(part);
            indexColumns.computeIfAbsent(key, k -> new ArrayList<>()).add(column != null ? column : "");
            indexHeads.put(key, (rs.getInt(3) == 0 ? "unique index " : "index ") + rs.getString(2) + " using "
                    + rs.getString(6).toLowerCase(Locale.ROOT));
            if (column == null && !onExpressions.contains(key)) {
                onExpressions.add(key);
            }
            if (rs.getBoolean(9) && !ignored.contains(key)) {
                ignored.add(key);
            }
        });
        indexParts.forEach((key, parts) -> {
            String[] names = key.split("\u0000");
            CatalogParts.TableBuilder table = tables.get(names[0]);
            if (table == null || uniqueNames.contains(key)) {
                return;
            }
            String head = indexHeads.get(key);
            table.constraints.add(head + " (" + String.join(", ", parts) + ")" + (ignored.contains(key) ? " ignored" : ""));
            if (head.startsWith("unique ") && !onExpressions.contains(key)) {
                table.uniqueKeys.add(indexColumns.get(key));
            }
        });
    }

    /** MariaDB's sequences, as {@code SHOW CREATE SEQUENCE} prints their options. */
    private static void readSequences(Connection connection, String query, MySqlDialect dialect, List<SchemaObject> objects)
            throws SQLException {
        List<String> names = new ArrayList<>();
        CatalogParts.query(connection, query, rs -> names.add(rs.getString(1)));
        for (String name : names) {
            CatalogParts.query(connection, "SHOW CREATE SEQUENCE " + dialect.quote(name), rs -> {
                String definition = rs.getString(2).strip();
                Matcher head = Pattern.compile("^CREATE SEQUENCE\\s+\\S+\\s*", Pattern.CASE_INSENSITIVE).matcher(definition);
                objects.add(new SchemaObject("sequence", name, head.find() ? definition.substring(head.end()) : definition,
                        List.of()));
            });
        }
    }

    private static void readViews(Connection connection, String database, List<SchemaObject> objects) throws SQLException {
        CatalogParts.query(connection, "SELECT table_name, view_definition, check_option, security_type FROM information_schema.views"
                + " WHERE table_schema = DATABASE()", rs -> {
                    String checkOption = rs.getString(3) == null || rs.getString(3).equals("NONE") ? ""
                            : "with " + rs.getString(3).toLowerCase(Locale.ROOT) + " check option ";
                    objects.add(new SchemaObject("view", rs.getString(1), (checkOption + "sql security "
                            + rs.getString(4).toLowerCase(Locale.ROOT)).strip(),
                            CatalogParts.bodyLines(withoutDatabase(rs.getString(2), database))));
                });
    }

    /**
     * Functions and procedures: parameters, return type, characteristics and body. The definer and
     * SQL mode are left out, as they follow the server and the connecting account, not the migration.
     */
    private static void readRoutines(Connection connection, String database, List<SchemaObject> objects) throws SQLException {
        Map<String, List<String>> parameters = new TreeMap<>();
        CatalogParts.query(connection, "SELECT specific_name, routine_type, parameter_mode, parameter_name, dtd_identifier"
                + " FROM information_schema.parameters WHERE specific_schema = DATABASE() AND ordinal_position > 0"
                + " ORDER BY specific_name, ordinal_position", rs -> parameters.computeIfAbsent(rs.getString(2) + " "
                        + rs.getString(1), k -> new ArrayList<>()).add((rs.getString(2).equals("PROCEDURE") && rs.getString(3) != null
                                ? rs.getString(3).toLowerCase(Locale.ROOT) + " " : "") + rs.getString(4) + " " + rs.getString(5)));
        CatalogParts.query(connection, "SELECT routine_name, routine_type, dtd_identifier, routine_definition, is_deterministic,"
                + " sql_data_access, security_type FROM information_schema.routines WHERE routine_schema = DATABASE()", rs -> {
                    String kind = rs.getString(2).toLowerCase(Locale.ROOT);
                    List<String> arguments = parameters.getOrDefault(rs.getString(2) + " " + rs.getString(1), List.of());
                    String summary = (rs.getString(3) == null ? "" : "returns " + rs.getString(3) + " ")
                            + ("YES".equals(rs.getString(5)) ? "deterministic" : "not deterministic") + " "
                            + rs.getString(6).toLowerCase(Locale.ROOT) + " sql security " + rs.getString(7).toLowerCase(Locale.ROOT);
                    objects.add(new SchemaObject(kind, rs.getString(1) + "(" + String.join(", ", arguments) + ")", summary,
                            CatalogParts.bodyLines(withoutDatabase(rs.getString(4), database))));
                });
    }

    /** Triggers with their timing, event, table and body (the definer left out, as for routines). */
    private static void readTriggers(Connection connection, String database, String history, List<SchemaObject> objects)
            throws SQLException {
        CatalogParts.query(connection, "SELECT trigger_name, event_object_table, action_timing, event_manipulation,"
                + " action_orientation, action_statement FROM information_schema.triggers WHERE trigger_schema = DATABASE()", rs -> {
                    if (rs.getString(2).equals(history) || CatalogParts.isMigratestTable(rs.getString(2))) {
                        return;
                    }
                    objects.add(new SchemaObject("trigger", rs.getString(1) + " on " + rs.getString(2),
                            (rs.getString(3) + " " + rs.getString(4) + " for each " + rs.getString(5)).toLowerCase(Locale.ROOT),
                            CatalogParts.bodyLines(withoutDatabase(rs.getString(6), database))));
                });
    }

    /** The catalog qualifies names with the database, whose name differs from run to run: left out. */
    private static String withoutDatabase(String text, String database) {
        return text == null || database.isEmpty() ? text : text.replace("`" + database + "`.", "");
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
