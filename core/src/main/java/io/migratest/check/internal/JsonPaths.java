package io.migratest.check.internal;

import io.migratest.check.Schema.Column;
import io.migratest.db.internal.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON keys generated columns read: a stored column {@code GENERATED ALWAYS AS (doc->>'$.sku')}
 * (MySQL's {@code json_unquote(json_extract(doc, '$.sku'))}, PostgreSQL's
 * {@code (doc ->> 'sku'::text)}) is NOT NULL only if the document has that key, so generated
 * documents carry every key the generation expressions name, with a value fitting the
 * generated column.
 */
final class JsonPaths {

    /** MySQL and MariaDB paths: {@code '$.a.b'}, possibly behind a charset introducer. */
    private static final Pattern DOLLAR_PATH = Pattern.compile("'(\\$[^']*)'");
    /** PostgreSQL operators: {@code -> 'a' ->> 'b'}. */
    private static final Pattern ARROW = Pattern.compile("->>?\\s*'((?:[^']|'')*)'");
    /** PostgreSQL path operators: {@code #>> '{a,b}'}. */
    private static final Pattern HASH_PATH = Pattern.compile("#>>?\\s*'\\{([^']*)}'");

    private JsonPaths() {
    }

    /** One key of generated documents: its path and the value of generated row n. */
    record Key(List<String> path, LongFunction<String> value, boolean number) {
    }

    /** The documents of one JSON column: {@code {"mt": n}} plus every key generated columns read. */
    record Document(List<Key> keys) {

        String plain(long n) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("mt", new Raw(Long.toString(n)));
            for (Key key : keys) {
                Map<String, Object> node = root;
                for (int i = 0; i < key.path().size() - 1; i++) {
                    Object child = node.get(key.path().get(i));
                    if (!(child instanceof Map<?, ?>)) {
                        child = new LinkedHashMap<String, Object>();
                        node.put(key.path().get(i), child);
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> next = (Map<String, Object>) child;
                    node = next;
                }
                String value = key.value().apply(n);
                node.put(key.path().get(key.path().size() - 1), key.number() ? new Raw(value) : value);
            }
            StringBuilder json = new StringBuilder();
            write(root, json);
            return json.toString();
        }
    }

    /** A JSON number, written as it is. */
    private record Raw(String text) {
    }

    private static void write(Object value, StringBuilder json) {
        if (value instanceof Map<?, ?> map) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.append(first ? "" : ", ");
                first = false;
                string(String.valueOf(entry.getKey()), json);
                json.append(": ");
                write(entry.getValue(), json);
            }
            json.append('}');
        } else if (value instanceof Raw raw) {
            json.append(raw.text());
        } else {
            string(String.valueOf(value), json);
        }
    }

    private static void string(String text, StringBuilder json) {
        json.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\t' -> json.append("\\t");
                default -> json.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        json.append('"');
    }

    /**
     * The generation expressions of the current schema's generated columns, per table and column
     * name (lower case), from {@code information_schema.columns}, which every engine keeps.
     */
    static Map<String, Map<String, String>> expressions(Connection connection, Dialect dialect) throws SQLException {
        Map<String, Map<String, String>> expressions = new HashMap<>();
        String sql = "SELECT table_name, column_name, generation_expression FROM information_schema.columns"
                + " WHERE table_schema = " + dialect.currentSchemaFunction()
                + " AND generation_expression IS NOT NULL AND generation_expression <> ''";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                expressions.computeIfAbsent(rs.getString(1).toLowerCase(Locale.ROOT), t -> new HashMap<>())
                        .put(rs.getString(2).toLowerCase(Locale.ROOT), unescaped(rs.getString(3)));
            }
        }
        return expressions;
    }

    /** MySQL's catalog shows the quotes inside expressions escaped, as in {@code _utf8mb4\'$.sku\'}. */
    static String unescaped(String expression) {
        return expression.replace("\\'", "'");
    }

    /** The column among {@code candidates} that {@code expression} reads JSON from, or {@code null}. */
    static Column source(String expression, List<Column> candidates) {
        String lower = expression.toLowerCase(Locale.ROOT);
        for (Column column : candidates) {
            Pattern name = Pattern.compile("(?<![\\w$])" + Pattern.quote(column.name().toLowerCase(Locale.ROOT)) + "(?![\\w$])");
            if (name.matcher(lower).find()) {
                return column;
            }
        }
        return null;
    }

    /** The key paths {@code expression} reads, e.g. {@code [[sku]]} or {@code [[dims, width]]}. */
    static List<List<String>> paths(String expression) {
        List<List<String>> paths = new ArrayList<>();
        Matcher dollar = DOLLAR_PATH.matcher(expression);
        while (dollar.find()) {
            List<String> path = new ArrayList<>();
            for (String part : dollar.group(1).substring(1).split("\\.")) {
                String key = part.replaceAll("\\[\\d+]$", "").replace("\"", "");
                if (!key.isEmpty()) {
                    path.add(key);
                }
            }
            if (!path.isEmpty()) {
                paths.add(path);
            }
        }
        if (!paths.isEmpty()) {
            return paths;
        }
        Matcher hash = HASH_PATH.matcher(expression);
        while (hash.find()) {
            paths.add(List.of(hash.group(1).split("\\s*,\\s*")));
        }
        List<String> chain = new ArrayList<>();
        Matcher arrow = ARROW.matcher(expression);
        while (arrow.find()) {
            chain.add(arrow.group(1).replace("''", "'"));
        }
        if (!chain.isEmpty()) {
            paths.add(chain);
        }
        return paths;
    }
}
