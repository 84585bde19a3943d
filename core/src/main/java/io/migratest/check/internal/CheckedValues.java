package io.migratest.check.internal;

import io.migratest.check.Schema.Column;
import io.migratest.check.Schema.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a table's single-column CHECK constraints name, which the row generator gives their
 * column: rows that meet the check, and the values at its edge a later step may tighten.
 */
final class CheckedValues {

    private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.'])-?\\d+(?:\\.\\d+)?(?![\\w.'])");

    private CheckedValues() {
    }

    /**
     * The values single-column CHECK constraints name, per column: the quoted ones for text and
     * enum columns ({@code status IN ('open', 'closed')}), for numbers each number and the next
     * ({@code qty > 0} gives 0 and 1), of those only the ones the server finds the column's checks
     * accept ({@code qty > 0} keeps 1): the lock rehearsal's writers, which never retry, write valid
     * rows. Where the server cannot evaluate a check on its own, every value stays, and seeding's
     * retries reach the one the check takes.
     */
    static Map<String, List<String>> of(Connection connection, Table table, ColumnRules rules) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<Column, List<String>> checks = new LinkedHashMap<>();
        for (String constraint : table.constraints()) {
            if (!constraint.startsWith("check ")) {
                continue;
            }
            String line = JsonPaths.unescaped(constraint);
            int definitionStart = line.indexOf(' ', "check ".length());
            String definition = definitionStart < 0 ? "" : line.substring(definitionStart).toLowerCase(Locale.ROOT);
            List<Column> named = table.columns().stream()
                    .filter(c -> Pattern.compile("(?<![\\w$])" + Pattern.quote(lower(c.name())) + "(?![\\w$])")
                            .matcher(definition).find())
                    .toList();
            if (named.size() != 1) {
                continue;
            }
            Column column = named.get(0);
            checks.computeIfAbsent(column, c -> new ArrayList<>()).add(line.substring(definitionStart));
            List<String> found = new ArrayList<>();
            if (rules.numeric(column)) {
                Matcher m = NUMBER.matcher(definition.replaceAll("'(?:[^']|'')*'", "''"));
                while (m.find()) {
                    found.add(m.group());
                    if (!m.group().contains(".")) {
                        found.add(Long.toString(Long.parseLong(m.group()) + 1));
                    }
                }
            } else {
                // the original case of the labels: match again on the line itself
                Matcher m = QUOTED.matcher(line.substring(Math.max(0, definitionStart)));
                while (m.find()) {
                    found.add(m.group(1).replace("''", "'"));
                }
            }
            if (!found.isEmpty()) {
                values.computeIfAbsent(lower(column.name()), c -> new ArrayList<>()).addAll(found);
            }
        }
        values.replaceAll((c, list) -> List.copyOf(new LinkedHashSet<>(list)));
        for (Map.Entry<Column, List<String>> check : checks.entrySet()) {
            String name = lower(check.getKey().name());
            List<String> candidates = values.get(name);
            if (candidates != null) {
                values.put(name, accepted(connection, check.getKey(), check.getValue(), candidates,
                        rules.numeric(check.getKey())));
            }
        }
        return values;
    }

    /**
     * Of {@code candidates}, those that pass every check of {@code definitions} (each naming only
     * {@code column}) when the server evaluates it with the value in the column's place, as one
     * {@code SELECT}; every candidate when it cannot (an expression this substitution breaks).
     */
    private static List<String> accepted(Connection connection, Column column, List<String> definitions,
            List<String> candidates, boolean numeric) {
        Pattern reference = Pattern.compile("(?i)(?<![\\w$])[`\"]?" + Pattern.quote(column.name()) + "[`\"]?(?![\\w$])");
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < candidates.size(); i++) {
            String literal = numeric ? candidates.get(i) : "'" + candidates.get(i).replace("'", "''") + "'";
            List<String> refused = new ArrayList<>();
            for (String definition : definitions) {
                refused.add("NOT (" + reference.matcher(expression(definition)).replaceAll(Matcher.quoteReplacement(literal))
                        + ")");
            }
            // a check whose result is NULL passes, as it does for a row
            select.append(i == 0 ? "" : ", ").append("CASE WHEN ").append(String.join(" OR ", refused))
                    .append(" THEN 0 ELSE 1 END");
        }
        try {
            boolean transaction = !connection.getAutoCommit();
            Savepoint before = transaction ? connection.setSavepoint() : null;
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(select.toString())) {
                rs.next();
                List<String> kept = new ArrayList<>();
                for (int i = 0; i < candidates.size(); i++) {
                    if (rs.getInt(i + 1) == 1) {
                        kept.add(candidates.get(i));
                    }
                }
                return kept;
            } catch (SQLException e) {
                if (before != null) {
                    connection.rollback(before);
                }
                return candidates;
            } finally {
                if (before != null) {
                    connection.releaseSavepoint(before);
                }
            }
        } catch (SQLException e) {
            return candidates;
        }
    }

    /** The boolean expression of a check's definition: {@code CHECK (…) NOT VALID} (PostgreSQL) or {@code (…)}. */
    private static String expression(String definition) {
        String text = definition.strip();
        if (text.regionMatches(true, 0, "check", 0, 5) && text.length() > 5
                && (text.charAt(5) == '(' || Character.isWhitespace(text.charAt(5)))) {
            text = text.substring(5).strip();
        }
        if (text.regionMatches(true, Math.max(0, text.length() - 9), "not valid", 0, 9)) {
            text = text.substring(0, text.length() - 9).strip();
        }
        return text;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
