package io.migratest.db.internal;

import io.migratest.check.Schema;
import io.migratest.check.Schema.Column;
import io.migratest.check.Schema.ForeignKey;
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

    static Schema read(Connection connection, Dialect dialect) throws SQLException {
        String history = dialect.historyTable(connection).orElse("");
        Map<String, List<String>> enums = new TreeMap<>();
        CatalogParts.query(connection, "SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid"
                + " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema()"
                + " ORDER BY t.typname, e.enumsortorder", rs -> enums.computeIfAbsent(rs.getString(1),
                        k -> new ArrayList<>()).add(rs.getString(2)));
        Map<String, CatalogParts.TableBuilder> tables = new TreeMap<>();
        CatalogParts.query(connection, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1",
                rs -> tables.put(rs.getString(1), new CatalogParts.TableBuilder(rs.getString(1))));
        CatalogParts.query(connection, "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, t.typname, t.typtype"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0"
                + " AND NOT a.attisdropped ORDER BY c.relname, a.attnum", rs -> {
                    CatalogParts.TableBuilder table = tables.get(rs.getString(1));
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
                        default -> table.constraints.add("check " + name + " " + definition);
                    }
                });
        CatalogParts.query(connection, "SELECT t.relname, i.relname, pg_get_indexdef(ix.indexrelid), ix.indisunique,"
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
                    if (rs.getBoolean(4)) {
                        table.uniqueKeys.add(CatalogParts.strings(rs.getArray(5)));
                    }
                });
        List<String> types = new ArrayList<>();
        enums.forEach((name, labels) -> types.add("type " + name + " enum ('" + String.join("', '", labels) + "')"));
        return new Schema(dialect.engine(), CatalogParts.build(tables, history), types);
    }
}
