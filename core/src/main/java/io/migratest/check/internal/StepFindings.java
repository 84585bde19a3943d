package io.migratest.check.internal;

import io.migratest.db.internal.LockObserver.HeldLock;
import io.migratest.db.internal.LockObserver.Hazard;
import io.migratest.db.internal.LockObserver.Write;
import io.migratest.migrate.MigrationStep;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the statements of one step locked, in words: one line per lock that blocks writes (the
 * first statement that took it, and for how long), and the hazards among them.
 */
final class StepFindings {

    /** A hazard with the statement it came from and how long the lock was held. */
    record Finding(StatementWatch.Ran statement, Hazard hazard, long heldMillis, String fix) {
    }

    private final MigrationStep step;
    private final List<String> lockLines = new ArrayList<>();
    private final List<Finding> hazards = new ArrayList<>();
    private final Optional<StatementWatch.Ran> failed;

    StepFindings(MigrationStep step, StatementWatch watch, Map<String, Long> rows) {
        this.step = step;
        List<StatementWatch.Ran> statements = watch.statements();
        long end = watch.stepEndNanos();
        Set<String> seen = new HashSet<>();
        for (StatementWatch.Ran ran : statements) {
            for (HeldLock lock : ran.held()) {
                if (lock.blocks().isEmpty() || !seen.add(lock.table() + " " + lock.mode())) {
                    continue;
                }
                lockLines.add(where(ran) + " held " + lock.mode() + " on " + lock.table() + " for "
                        + thousands((end - ran.startNanos()) / 1_000_000) + " ms: blocks " + writes(lock.blocks())
                        + " (" + rows.getOrDefault(lock.table(), 0L) + " rows)");
            }
            for (Hazard hazard : ran.hazards()) {
                if (!seen.add("hazard " + hazard.table() + " " + hazard.lock())) {
                    continue; // a lock kept over several statements is one finding, at the statement that took it
                }
                long held = hazard.held() ? (end - ran.startNanos()) / 1_000_000 : ran.millis();
                Finding finding = new Finding(ran, hazard, held, watch.observer().fix(hazard));
                hazards.add(finding);
                lockLines.add("blocking: " + describe(finding) + " => " + finding.fix());
            }
        }
        failed = statements.stream().filter(s -> s.error() != null).findFirst();
    }

    List<String> lockLines() {
        return lockLines;
    }

    List<Finding> hazards() {
        return hazards;
    }

    Optional<StatementWatch.Ran> failedStatement() {
        return failed;
    }

    /** The failure message: the first hazard, how many more, {@code waited} (what the writers saw), and its fix. */
    String hazardMessage(long budget, String waited) {
        Finding first = hazards.get(0);
        return describe(first) + (hazards.size() > 1 ? " (and " + (hazards.size() - 1) + " more, below)" : "")
                + "; with the lock budget of " + budget + " ms this blocks production writes as long as the table is big"
                + waited + " => " + first.fix();
    }

    private String describe(Finding finding) {
        Hazard hazard = finding.hazard();
        return where(finding.statement()) + " held " + hazard.lock() + " on " + hazard.table() + " for "
                + thousands(finding.heldMillis()) + " ms: blocks " + writes(hazard.blocks()) + "; it " + hazard.why();
    }

    private String where(StatementWatch.Ran ran) {
        return "V" + step.version() + (ran.line() > 0 ? " line " + ran.line() : " statement " + ran.index())
                + " `" + abbreviate(ran.sql()) + "`";
    }

    static String abbreviate(String sql) {
        String line = StatementWatch.withoutComments(sql).replaceAll("\\s+", " ");
        if (line.endsWith(";")) {
            line = line.substring(0, line.length() - 1);
        }
        return line.length() > 100 ? line.substring(0, 97) + "…" : line;
    }

    private static String writes(Set<Write> blocks) {
        return blocks.stream().sorted().map(Write::name).collect(Collectors.joining(", "));
    }

    private static String thousands(long millis) {
        return String.format(Locale.ROOT, "%,d", millis);
    }
}
