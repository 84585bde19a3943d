package io.migratest.compare.internal;

import io.migratest.db.internal.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The column sets a query cannot return twice because the one table it reads declares them
 * unique: its primary key and its unique indexes on NOT NULL columns. Only a plain
 * {@code SELECT columns FROM table [WHERE …] [ORDER BY …] [LIMIT …]} is trusted, with {@code *}
 * or bare column names; anything else (joins, unions, grouping, expressions, aliases) yields none,
 * so that the caller counts the keys instead.
 */
public final class DeclaredKeys {

    private static final String NAME = "(?:\"[^\"]+\"|`[^`]+`|[\\w$]+)";
    private static final Pattern PLAIN = Pattern.compile("(?is)\\s*SELECT\\s+(?<columns>\\*|" + NAME + "(?:\\s*,\\s*" + NAME
            + ")*)\\s+FROM\\s+(?<table>" + NAME + "(?:\\." + NAME + ")?)(?<rest>(?:\\s+(?:WHERE|ORDER\\s+BY|LIMIT)\\b.*)?)");
    private static final Pattern NOT_PLAIN = Pattern.compile("(?i)\\b(JOIN|UNION|INTERSECT|EXCEPT|GROUP|HAVING|FROM)\\b");

    private DeclaredKeys() {
    }

    /** The unique column sets of {@code query}'s rows, lower case; empty when not known. */
    public static List<Set<String>> of(Connection connection, String query) throws SQLException {
        Matcher plain = PLAIN.matcher(Sql.strip(query));
        if (!plain.matches() || NOT_PLAIN.matcher(plain.group("rest")).find()) {
            return List.of();
        }
        Dialect flavour = Dialect.of(connection);
        List<String> parts = splitName(plain.group("table"));
        String table = identifier(parts.get(parts.size() - 1), flavour);
        String qualifier = parts.size() > 1 ? identifier(parts.get(0), flavour) : null;
        String catalog = flavour.metadataCatalog(connection, qualifier);
        String schema = flavour.metadataSchema(connection, qualifier);
        DatabaseMetaData meta = connection.getMetaData();
        Map<String, Boolean> notNull = columns(meta, catalog, schema, table);
        Set<String> returned = new LinkedHashSet<>();
        if (plain.group("columns").equals("*")) {
            returned.addAll(notNull.keySet());
        } else {
            for (String column : plain.group("columns").split(",")) {
                returned.add(identifier(column.strip(), flavour).toLowerCase(Locale.ROOT));
            }
        }
        // the primary key's index is listed again among the unique indexes
        Set<Set<String>> unique = new LinkedHashSet<>();
        for (Set<String> key : declared(meta, catalog, schema, table)) {
            if (returned.containsAll(key) && key.stream().allMatch(c -> notNull.getOrDefault(c, false))) {
                unique.add(key);
            }
        }
        return List.copyOf(unique);
    }

    /** Whether {@code key} (lower case) holds one of the {@code unique} sets, so that no two rows share it. */
    public static boolean covers(List<Set<String>> unique, List<String> key) {
        return unique.stream().anyMatch(key::containsAll);
    }

    private static Map<String, Boolean> columns(DatabaseMetaData meta, String catalog, String schema, String table)
            throws SQLException {
        Map<String, Boolean> notNull = new LinkedHashMap<>();
        try (ResultSet rs = meta.getColumns(catalog, schema, table, null)) {
            while (rs.next()) {
                notNull.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                        rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls);
            }
        }
        return notNull;
    }

    private static List<Set<String>> declared(DatabaseMetaData meta, String catalog, String schema, String table)
            throws SQLException {
        List<Set<String>> keys = new ArrayList<>();
        Set<String> primary = new LinkedHashSet<>();
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) {
                primary.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        if (!primary.isEmpty()) {
            keys.add(primary);
        }
        Map<String, Set<String>> indexes = new LinkedHashMap<>();
        try (ResultSet rs = meta.getIndexInfo(catalog, schema, table, true, true)) {
            while (rs.next()) {
                String column = rs.getString("COLUMN_NAME");
                // a partial index is unique only where its condition holds
                if (rs.getBoolean("NON_UNIQUE") || column == null || rs.getString("FILTER_CONDITION") != null) {
                    continue;
                }
                indexes.computeIfAbsent(rs.getString("INDEX_NAME"), name -> new LinkedHashSet<>())
                        .add(column.toLowerCase(Locale.ROOT));
            }
        }
        keys.addAll(indexes.values());
        return keys;
    }

    private static List<String> splitName(String name) {
        List<String> parts = new ArrayList<>();
        Matcher part = Pattern.compile(NAME).matcher(name);
        while (part.find()) {
            parts.add(part.group());
        }
        return parts;
    }

    /** The name as the catalog stores it: quotes removed, unquoted names as the engine stores them. */
    private static String identifier(String name, Dialect flavour) {
        if (name.length() > 1 && (name.startsWith("\"") || name.startsWith("`"))) {
            return name.substring(1, name.length() - 1);
        }
        return flavour.storedName(name);
    }
}
