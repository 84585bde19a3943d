package io.migratest.check.internal;

import io.migratest.check.Schema.Table;
import io.migratest.migrate.MigrationStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The lock rehearsal writers' refused writes of one step, per table, told apart by when: before
 * the step could have changed what the writes meet (the writers could not write: the rehearsal
 * did not do its work for that table), or after (writes in the table's previous shape that the
 * new schema refuses; they still took their locks, so the measurement holds).
 */
final class RefusedWrites {

    /** One table's refusals; {@code since} e.g. "after statement 2 (line 4) `ALTER TABLE …` changed it". */
    private record Written(LockProbe.Refusals refusals, String since) {
    }

    private final List<Written> tables;

    private RefusedWrites(List<Written> tables) {
        this.tables = tables;
    }

    /**
     * Per table (lower case) of {@code touched}, the tables whose change can make the server
     * refuse its writer's rows: itself and the tables its foreign keys reference.
     */
    static Map<String, Set<String>> dependencies(List<Table> touched) {
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        for (Table table : touched) {
            Set<String> names = new LinkedHashSet<>();
            names.add(lower(table.name()));
            table.foreignKeys().forEach(fk -> names.add(lower(fk.referencedTable())));
            dependencies.put(lower(table.name()), names);
        }
        return dependencies;
    }

    /**
     * The writers' refusals, each table's split at the first of {@code statements} that names it
     * or a table of its {@code dependencies} (from its start: on MySQL and MariaDB a DDL statement
     * commits, and a write it held back meets its change, before Flyway reports the statement
     * done), else at the first statement of all (a statement may change a table it does not
     * name), else, with no statement seen (a Java migration), at the writers' start; the
     * warm-up's refusals are always before.
     */
    static RefusedWrites of(List<StatementWatch.Ran> statements, LockProbe probe,
            Map<String, Set<String>> dependencies) {
        Map<String, List<StatementWatch.Ran>> changers = new LinkedHashMap<>();
        List<LockProbe.Refusals> all = probe.refusals(table -> {
            Set<String> names = dependencies.getOrDefault(lower(table), Set.of(lower(table)));
            List<StatementWatch.Ran> naming = statements.stream().filter(s -> {
                String sql = lower(StatementWatch.withoutComments(s.sql()));
                return names.stream().anyMatch(name -> names(sql, name));
            }).toList();
            changers.put(table, naming);
            return naming.isEmpty() ? (statements.isEmpty() ? 0 : 1) : naming.get(0).index();
        });
        List<Written> tables = new ArrayList<>();
        for (LockProbe.Refusals refusals : all) {
            if (refusals.before() + refusals.after() == 0) {
                continue;
            }
            // the change the first such write met: the last statement naming the table begun by then
            StatementWatch.Ran by = changers.getOrDefault(refusals.table(), List.of()).stream()
                    .filter(s -> s.index() <= Math.max(refusals.firstAfterAt(), 1)).reduce((a, b) -> b).orElse(null);
            String since = by != null ? "after statement " + by.index() + (by.line() > 0 ? " (line " + by.line() + ")" : "")
                    + " `" + StepFindings.abbreviate(by.sql()) + "` changed it"
                    : statements.isEmpty() ? "while the step ran" : "after the step's first statement began";
            tables.add(new Written(refusals, since));
        }
        return new RefusedWrites(tables);
    }

    /** Writes refused before the step could change their table. */
    long before() {
        return tables.stream().mapToLong(t -> t.refusals().before()).sum();
    }

    /** Writes in a table's previous shape refused after the step changed it. */
    long after() {
        return tables.stream().mapToLong(t -> t.refusals().after()).sum();
    }

    /** "products: the writers' writes were refused before V3 changed it (12 refused; first: …)", per table. */
    String beforeText(MigrationStep step) {
        return String.join("; ", tables.stream().filter(t -> t.refusals().before() > 0)
                .map(t -> t.refusals().table() + ": the writers' writes were refused before V" + step.version()
                        + " changed it (" + t.refusals().before() + " refused; first: " + t.refusals().firstBefore()
                        + ")").toList());
    }

    /** "12 writes in the previous shape of products refused after statement 2 (line 4) `…` changed it (first: …)", per table. */
    String afterText() {
        return String.join("; ", tables.stream().filter(t -> t.refusals().after() > 0)
                .map(t -> t.refusals().after() + " writes in the previous shape of " + t.refusals().table()
                        + " refused " + t.since() + " (first: " + t.refusals().firstAfter() + ")").toList());
    }

    /** One detail line per table with a refused write: how many before the step's change and after, with the first of each. */
    List<String> lines() {
        return tables.stream().map(t -> "refused writes to " + t.refusals().table() + ": " + t.refusals().before()
                + " before the step could change it" + (t.refusals().firstBefore() == null ? ""
                        : " (first: " + t.refusals().firstBefore() + ")") + ", " + t.refusals().after() + " "
                + t.since() + (t.refusals().firstAfter() == null ? "" : " (first: " + t.refusals().firstAfter() + ")"))
                .toList();
    }

    /** Whether {@code sql} (lower case) names {@code table} (lower case) as a whole word. */
    private static boolean names(String sql, String table) {
        return Pattern.compile("(?<![a-z0-9_$])" + Pattern.quote(table) + "(?![a-z0-9_$])").matcher(sql).find();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
