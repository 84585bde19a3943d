package io.migratest.check.internal;

import io.migratest.db.internal.TableIdentity;
import io.migratest.fixture.internal.SqlScript;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The tables and columns one migration renames, read from its SQL: {@code ALTER TABLE a RENAME TO b},
 * {@code RENAME TABLE a TO b, c TO d}, {@code ALTER TABLE t RENAME [COLUMN] a TO b} and MySQL's
 * {@code ALTER TABLE t CHANGE [COLUMN] a b <type>}, in statement order, so that a table renamed
 * twice maps to its last name and a name freed by a drop and taken by a rename is not a rename of
 * the dropped table. Names compare ignoring case. Where the catalog identifies tables across a
 * rename, {@link #withCatalog} corrects what the SQL said.
 */
public final class Renames {

    private static final String IDENT = "(?:\"(?:[^\"]|\"\")+\"|`(?:[^`]|``)+`|\\[[^\\]]+\\]|[\\w$]+)";
    private static final String NAME = "(?:" + IDENT + "\\s*\\.\\s*)?(" + IDENT + ")";
    private static final Pattern ALTER_TABLE = Pattern.compile(
            "^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?" + NAME + "\\s+(.*)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern RENAME_TABLE = Pattern.compile("^RENAME\\s+TABLES?\\s+(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern DROP_TABLE = Pattern.compile("^DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern PAIR = Pattern.compile("^" + NAME + "\\s+TO\\s+" + NAME + "$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern RENAME_COLUMN = Pattern.compile("^RENAME\\s+(?:COLUMN\\s+)?(" + IDENT + ")\\s+TO\\s+("
            + IDENT + ")$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern RENAME_TO = Pattern.compile("^RENAME\\s+(?:TO\\s+|AS\\s+)?" + NAME + "$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CHANGE_COLUMN = Pattern.compile("^CHANGE\\s+(?:COLUMN\\s+)?(" + IDENT + ")\\s+(" + IDENT
            + ")\\s+.*$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Set<String> NOT_A_NAME = Set.of("column", "constraint", "index", "key", "to", "as");

    /** Current name (lower case) -> the name the table had before the migration. */
    private final Map<String, String> originals = new LinkedHashMap<>();
    /** Tables of before the migration (lower case) that it dropped. */
    private final Set<String> dropped = new LinkedHashSet<>();
    /** Table name before the migration (lower case) -> its column renames (old -> new, old in lower case). */
    private final Map<String, Map<String, String>> columns = new LinkedHashMap<>();

    private Renames() {
    }

    /** No renames, for a Java migration or a migration whose SQL is not at hand. */
    public static Renames none() {
        return new Renames();
    }

    /** The renames in the SQL script {@code sql}. */
    public static Renames in(String sql) {
        Renames renames = new Renames();
        if (sql == null) {
            return renames;
        }
        for (String statement : statements(sql)) {
            renames.read(statement);
        }
        return renames;
    }

    /**
     * These renames corrected by the catalog's identities of the tables before and after the
     * migration (where the engine keeps one, see {@link TableIdentity}): a table whose identity is
     * still there was kept, under the name it has now, and its columns under theirs, whatever the
     * SQL seemed to say, which also covers renames in Java migrations and in SQL not parsed here.
     */
    public Renames withCatalog(Map<String, TableIdentity> before, Map<String, TableIdentity> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return this;
        }
        Renames combined = new Renames();
        combined.originals.putAll(originals);
        combined.dropped.addAll(dropped);
        columns.forEach((table, renamed) -> combined.columns.put(table, new LinkedHashMap<>(renamed)));
        Map<Long, String> namesNow = new LinkedHashMap<>();
        after.forEach((name, identity) -> namesNow.put(identity.id(), name));
        for (Map.Entry<String, TableIdentity> was : before.entrySet()) {
            String now = namesNow.get(was.getValue().id());
            if (now == null) {
                continue;
            }
            String key = was.getKey().toLowerCase(Locale.ROOT);
            String nowKey = now.toLowerCase(Locale.ROOT);
            combined.originals.entrySet().removeIf(e -> e.getValue().equals(key) || e.getKey().equals(nowKey));
            if (!nowKey.equals(key)) {
                combined.originals.put(nowKey, key);
            }
            combined.dropped.remove(key);
            Map<Integer, String> columnsNow = after.get(now).columns();
            Map<String, String> renamed = new LinkedHashMap<>();
            was.getValue().columns().forEach((number, name) -> {
                String nameNow = columnsNow.get(number);
                if (nameNow != null && !nameNow.equalsIgnoreCase(name)) {
                    renamed.put(name.toLowerCase(Locale.ROOT), nameNow);
                }
            });
            if (renamed.isEmpty()) {
                combined.columns.remove(key);
            } else {
                combined.columns.put(key, renamed);
            }
        }
        return combined;
    }

    /** The name the table {@code before} has after the migration, when the migration renamed it. */
    public Optional<String> tableAfter(String before) {
        String key = before.toLowerCase(Locale.ROOT);
        if (dropped.contains(key)) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> entry : originals.entrySet()) {
            if (entry.getValue().equalsIgnoreCase(before) && !entry.getKey().equals(key)) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    /** The table's name before the migration, when the migration renamed it to {@code after}. */
    public Optional<String> tableBefore(String after) {
        String original = originals.get(after.toLowerCase(Locale.ROOT));
        return original == null || original.equalsIgnoreCase(after) || dropped.contains(original.toLowerCase(Locale.ROOT))
                ? Optional.empty() : Optional.of(original);
    }

    /** The name column {@code column} of table {@code tableBefore} (its name before the migration) has after it. */
    public String columnAfter(String tableBefore, String column) {
        Map<String, String> renamed = columns.getOrDefault(tableBefore.toLowerCase(Locale.ROOT), Map.of());
        return renamed.getOrDefault(column.toLowerCase(Locale.ROOT), column);
    }

    /** The column renames of table {@code tableBefore}, old name -> new name. */
    public Map<String, String> columnsOf(String tableBefore) {
        return Map.copyOf(columns.getOrDefault(tableBefore.toLowerCase(Locale.ROOT), Map.of()));
    }

    private void read(String statement) {
        Matcher alter = ALTER_TABLE.matcher(statement);
        if (alter.matches()) {
            String table = unquote(alter.group(1));
            for (String clause : split(alter.group(2), ',')) {
                readClause(table, clause.strip());
            }
            return;
        }
        Matcher rename = RENAME_TABLE.matcher(statement);
        if (rename.matches()) {
            for (String pair : split(rename.group(1), ',')) {
                Matcher names = PAIR.matcher(pair.strip());
                if (names.matches()) {
                    renameTable(unquote(names.group(1)), unquote(names.group(2)));
                }
            }
            return;
        }
        Matcher drop = DROP_TABLE.matcher(statement);
        if (drop.matches()) {
            for (String name : split(drop.group(1).replaceAll("(?i)\\s+(CASCADE|RESTRICT)\\s*$", ""), ',')) {
                String[] parts = name.strip().split("\\s*\\.\\s*");
                dropTable(unquote(parts[parts.length - 1]));
            }
        }
    }

    private void readClause(String table, String clause) {
        Matcher column = RENAME_COLUMN.matcher(clause);
        if (column.matches() && !NOT_A_NAME.contains(column.group(1).toLowerCase(Locale.ROOT))) {
            renameColumn(table, unquote(column.group(1)), unquote(column.group(2)));
            return;
        }
        Matcher to = RENAME_TO.matcher(clause);
        if (to.matches() && !NOT_A_NAME.contains(to.group(1).toLowerCase(Locale.ROOT))) {
            renameTable(table, unquote(to.group(1)));
            return;
        }
        Matcher change = CHANGE_COLUMN.matcher(clause);
        if (change.matches()) {
            String from = unquote(change.group(1));
            String into = unquote(change.group(2));
            if (!from.equalsIgnoreCase(into)) {
                renameColumn(table, from, into);
            }
        }
    }

    private void renameTable(String from, String to) {
        String key = from.toLowerCase(Locale.ROOT);
        String original = originals.remove(key);
        originals.put(to.toLowerCase(Locale.ROOT), original != null ? original : key);
    }

    private void dropTable(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        String original = originals.remove(key);
        if (original == null) {
            dropped.add(key);
        } else {
            // the renamed table is gone: its earlier name no longer leads anywhere
            dropped.add(original);
        }
    }

    private void renameColumn(String table, String from, String to) {
        String tableKey = table.toLowerCase(Locale.ROOT);
        String original = originals.getOrDefault(tableKey, tableKey);
        Map<String, String> renamed = columns.computeIfAbsent(original, k -> new LinkedHashMap<>());
        String fromKey = from.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> entry : renamed.entrySet()) {
            if (entry.getValue().equalsIgnoreCase(from)) {
                entry.setValue(to);
                return;
            }
        }
        renamed.put(fromKey, to);
    }

    private static String unquote(String name) {
        String n = name.strip();
        if (n.length() >= 2 && (n.startsWith("\"") && n.endsWith("\"") || n.startsWith("`") && n.endsWith("`")
                || n.startsWith("[") && n.endsWith("]"))) {
            return n.substring(1, n.length() - 1);
        }
        return n;
    }

    /**
     * The statements of a script, split as the statement watch splits them (quotes, comments and
     * PostgreSQL dollar-quoted bodies respected, so a function body's text is never read as a
     * rename), each without its MySQL {@code #} comment lines.
     */
    static List<String> statements(String sql) {
        return SqlScript.split(sql, false).stream().map(s -> withoutHashComments(s.sql()).strip().replaceAll("\\s+", " "))
                .filter(s -> !s.isEmpty()).toList();
    }

    /** {@code statement} without its lines that start with {@code #}, MySQL's line comments. */
    private static String withoutHashComments(String statement) {
        return statement.lines().filter(line -> !line.stripLeading().startsWith("#")).collect(Collectors.joining("\n"));
    }

    /** {@code text} split at {@code separator} where it is outside quotes and parentheses. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        char quote = 0;
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == separator && depth == 0) {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString());
        return parts;
    }

    @Override
    public String toString() {
        return "Renames" + originals + " columns " + columns + " dropped " + dropped;
    }
}
