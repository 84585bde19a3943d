package io.migratest.db.internal;

import io.migratest.check.Schema;
import io.migratest.check.Schema.CheckConstraint;
import io.migratest.check.Schema.Column;
import io.migratest.check.Schema.ForeignKey;
import io.migratest.check.Schema.SchemaObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How {@link PostgresDialect} reads a {@link Schema}: from {@code pg_catalog}, in the current schema. */
final class PostgresCatalog {

    private static final Pattern LENGTH = Pattern.compile("\\((\\d+)(?:,\\s*(\\d+))?\\)");

    private PostgresCatalog() {
    }

    /**
     * The schema; with {@code objects} false, its tables and types only. Flyway's history table,
     * left out, is {@code knownHistory}, or found when that is {@code null}. When {@code identities}
     * is not null, it receives the {@link #tableIdentities} read by the same query as the columns.
     */
    static Schema read(Connection connection, Dialect dialect, boolean objects, String knownHistory,
            Map<String, TableIdentity> identities) throws SQLException {
        String history = knownHistory != null ? knownHistory : dialect.historyTable(connection).orElse("");
        Map<String, List<String>> enums = new TreeMap<>();
        CatalogParts.query(connection, "SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid"
                + " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema()"
                + " ORDER BY t.typname, e.enumsortorder", rs -> enums.computeIfAbsent(rs.getString(1),
                        k -> new ArrayList<>()).add(rs.getString(2)));
        Map<String, CatalogParts.TableBuilder> tables = new TreeMap<>();
        // the tables and their columns in one query: a table without columns comes as one row of
        // nulls. With the identities asked, the tables of extensions come too, for their identities only
        Map<String, Long> ids = new TreeMap<>();
        Map<String, Map<Integer, String>> numbered = new TreeMap<>();
        CatalogParts.query(connection, "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, t.typname, t.typtype,"
                + " CASE WHEN a.attcollation <> t.typcollation THEN co.collname END"
                + (identities == null ? "" : ", c.oid::bigint, a.attnum, " + notFromExtension("c.oid"))
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                + " LEFT JOIN pg_type t ON t.oid = a.atttypid"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
                + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
                + (identities == null ? " AND " + notFromExtension("c.oid") : "")
                + " ORDER BY c.relname, a.attnum", rs -> {
                    if (identities != null) {
                        // as tableIdentities: the tables with at least one column
                        if (rs.getString(2) != null) {
                            ids.put(rs.getString(1), rs.getLong(11));
                            numbered.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                                    .put(rs.getInt(12), rs.getString(2));
                        }
                        if (!rs.getBoolean(13)) {
                            return;
                        }
                    }
                    CatalogParts.TableBuilder table = tables.computeIfAbsent(rs.getString(1), CatalogParts.TableBuilder::new);
                    if (rs.getString(2) == null) {
                        return;
                    }
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
                            identity || computed || serial, isEnum ? enums.getOrDefault(typeName, List.of()) : List.of(),
                            computed ? "(" + defaultValue + ") stored" : null, null, rs.getString(10)));
                });
        CatalogParts.query(connection, "SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid, true),"
                + " ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)"
                + "   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord),"
                + " fc.relname,"
                + " ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)"
                + "   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)"
                + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_class fc ON fc.oid = con.confrelid"
                + " WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u', 'f', 'c', 'x')"
                + " ORDER BY c.relname, con.conname", rs -> {
                    CatalogParts.TableBuilder table = tables.get(rs.getString(1));
                    if (table == null) {
                        return;
                    }
                    String name = rs.getString(2);
                    String kind = rs.getString(3);
                    String definition = rs.getString(4);
                    List<String> columns = CatalogParts.strings(rs.getArray(5));
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
                            table.foreignKeys.add(new ForeignKey(name, columns, rs.getString(6), CatalogParts.strings(rs.getArray(7))));
                            table.constraints.add("foreign key " + name + " " + definition);
                        }
                        case "c" -> {
                            table.checks.add(new CheckConstraint(name, definition.replaceFirst("^CHECK ", "")));
                            table.constraints.add("check " + name + " " + definition);
                        }
                        default -> table.constraints.add("exclude " + name + " " + definition);
                    }
                });
        CatalogParts.query(connection, "SELECT t.relname, i.relname, pg_get_indexdef(ix.indexrelid), ix.indisunique,"
                + " ix.indexprs IS NULL AND ix.indpred IS NULL,"
                + " ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(num, ord)"
                + "   JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.num ORDER BY k.ord)"
                + " FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()"
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid"
                + "   AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x'))"
                + " ORDER BY 1, 2", rs -> {
                    CatalogParts.TableBuilder table = tables.get(rs.getString(1));
                    if (table == null) {
                        return;
                    }
                    String definition = rs.getString(3);
                    int using = definition.indexOf(" USING ");
                    table.constraints.add((rs.getBoolean(4) ? "unique index " : "index ") + rs.getString(2)
                            + (using < 0 ? " " + definition : definition.substring(using)));
                    // a unique index on expressions or on some rows only does not identify rows by columns
                    if (rs.getBoolean(4) && rs.getBoolean(5)) {
                        table.uniqueKeys.add(CatalogParts.strings(rs.getArray(6)));
                    }
                });
        List<String> types = new ArrayList<>();
        enums.forEach((name, labels) -> types.add("type " + name + " enum ('" + String.join("', '", labels) + "')"));
        readDomains(connection, types);
        List<SchemaObject> others = new ArrayList<>();
        if (objects) {
            readExtensions(connection, others);
            readSequences(connection, others);
            readViews(connection, others);
            readRoutines(connection, others);
            readTriggers(connection, others, history);
        }
        if (identities != null) {
            ids.forEach((table, id) -> identities.put(table, new TableIdentity(id, numbered.get(table))));
        }
        return new Schema(dialect.engine(), CatalogParts.build(tables, history), types, others);
    }

    /** Each table's OID and column numbers: both stay when a table or column is renamed. */
    static Map<String, TableIdentity> tableIdentities(Connection connection) throws SQLException {
        Map<String, Long> ids = new TreeMap<>();
        Map<String, Map<Integer, String>> columns = new TreeMap<>();
        CatalogParts.query(connection, "SELECT c.relname, c.oid::bigint, a.attnum, a.attname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid"
                + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped",
                rs -> {
                    ids.put(rs.getString(1), rs.getLong(2));
                    columns.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getInt(3), rs.getString(4));
                });
        Map<String, TableIdentity> identities = new TreeMap<>();
        ids.forEach((table, id) -> identities.put(table, new TableIdentity(id, columns.get(table))));
        return identities;
    }

    /** A condition that the object {@code oid} is not a member of an extension (those come and go with it). */
    private static String notFromExtension(String oid) {
        return "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = " + oid + " AND e.deptype = 'e')";
    }

    /** Domains with their base type, NOT NULL, default and checks, after the enum types. */
    private static void readDomains(Connection connection, List<String> types) throws SQLException {
        CatalogParts.query(connection, "SELECT t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,"
                + " ARRAY(SELECT c.conname || ' ' || pg_get_constraintdef(c.oid, true) FROM pg_constraint c"
                + "   WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname)"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE n.nspname = current_schema() AND t.typtype = 'd' AND " + notFromExtension("t.oid")
                + " ORDER BY t.typname", rs -> {
                    List<String> checks = CatalogParts.strings(rs.getArray(5));
                    types.add("type " + rs.getString(1) + " domain " + rs.getString(2) + (rs.getBoolean(3) ? " not null" : "")
                            + (rs.getString(4) == null ? "" : " default " + rs.getString(4))
                            + (checks.isEmpty() ? "" : " constraint " + String.join(", constraint ", checks)));
                });
    }

    /** Extensions but plpgsql, which every database has. */
    private static void readExtensions(Connection connection, List<SchemaObject> objects) throws SQLException {
        CatalogParts.query(connection, "SELECT extname, extversion FROM pg_extension WHERE extname <> 'plpgsql'",
                rs -> objects.add(new SchemaObject("extension", rs.getString(1), "version " + rs.getString(2), List.of())));
    }

    /** Sequences but those of identity columns, which their column shows; a serial's names its column. */
    private static void readSequences(Connection connection, List<SchemaObject> objects) throws SQLException {
        CatalogParts.query(connection, "SELECT s.relname, format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement,"
                + " q.seqmin, q.seqmax, q.seqcache, q.seqcycle,"
                + " (SELECT t.relname || '.' || a.attname FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid"
                + "   JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
                + "   WHERE d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass"
                + "   AND d.deptype = 'a')"
                + " FROM pg_sequence q JOIN pg_class s ON s.oid = q.seqrelid JOIN pg_namespace n ON n.oid = s.relnamespace"
                + " WHERE n.nspname = current_schema() AND " + notFromExtension("s.oid")
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.objid = s.oid AND i.deptype = 'i')", rs -> {
                    String owner = rs.getString(9);
                    objects.add(new SchemaObject("sequence", rs.getString(1), "as " + rs.getString(2) + " start " + rs.getLong(3)
                            + " increment " + rs.getLong(4) + " min " + rs.getLong(5) + " max " + rs.getLong(6) + " cache "
                            + rs.getLong(7) + (rs.getBoolean(8) ? " cycle" : " no cycle")
                            + (owner == null ? "" : " owned by " + owner), List.of()));
                });
    }

    private static void readViews(Connection connection, List<SchemaObject> objects) throws SQLException {
        CatalogParts.query(connection, "SELECT c.relname, c.relkind, pg_get_viewdef(c.oid, true) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                + " AND c.relkind IN ('v', 'm') AND " + notFromExtension("c.oid"),
                rs -> objects.add(new SchemaObject(rs.getString(2).equals("m") ? "materialized view" : "view", rs.getString(1),
                        "", CatalogParts.bodyLines(rs.getString(3)))));
    }

    /** Functions and procedures with their whole definition: signature, language, volatility and body. */
    private static void readRoutines(Connection connection, List<SchemaObject> objects) throws SQLException {
        CatalogParts.query(connection, "SELECT p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,"
                + " pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname = current_schema() AND p.prokind IN ('f', 'p', 'w') AND " + notFromExtension("p.oid"),
                rs -> objects.add(new SchemaObject(rs.getString(3).equals("p") ? "procedure" : "function",
                        rs.getString(1) + "(" + rs.getString(2) + ")", "", CatalogParts.bodyLines(rs.getString(4)))));
    }

    /** Triggers with their timing, events, level and condition; the body is the function they execute. */
    private static void readTriggers(Connection connection, List<SchemaObject> objects, String history) throws SQLException {
        CatalogParts.query(connection, "SELECT t.tgname, c.relname, pg_get_triggerdef(t.oid, true) FROM pg_trigger t"
                + " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = current_schema() AND NOT t.tgisinternal", rs -> {
                    if (rs.getString(2).equals(history) || CatalogParts.isMigratestTable(rs.getString(2))) {
                        return;
                    }
                    String definition = rs.getString(3);
                    String prefix = "CREATE TRIGGER " + rs.getString(1) + " ";
                    String prefixQuoted = "CREATE TRIGGER \"" + rs.getString(1) + "\" ";
                    String shown = definition.startsWith(prefix) ? definition.substring(prefix.length())
                            : definition.startsWith(prefixQuoted) ? definition.substring(prefixQuoted.length()) : definition;
                    objects.add(new SchemaObject("trigger", rs.getString(1) + " on " + rs.getString(2), "", List.of(shown)));
                });
    }
}
