package io.migratest.check.internal;

import static io.migratest.check.internal.LockRehearsalCheck.failed;
import static io.migratest.check.internal.LockRehearsalCheck.firstLine;

import io.migratest.MigratestException;
import io.migratest.check.CheckResult;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.MigrationFailedException;
import io.migratest.migrate.MigrationStep;
import io.migratest.migrate.Migrator;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a step that failed under the lock rehearsal's writers is: a deadlock with them, a step
 * that is not safe under concurrent writes (it applies when run alone, on the database built again
 * at the version before it), or a step that fails alone too. The rehearsal's result for it, with
 * the run alone's outcome in the details.
 */
final class RunAlone {

    private final CheckRun run;
    private final TestDatabase database;
    private final Migrator migrator;

    RunAlone(CheckRun run, Migrator migrator) {
        this.run = run;
        this.database = run.database();
        this.migrator = migrator;
    }

    /** How the database is made ready for the run alone of a step that failed under the writers. */
    interface Restore {
        /** The database made ready; what it is then, for the report (e.g. "on a database at version 1 ..."). */
        String restore() throws SQLException;
    }

    /**
     * The rehearsal's result for {@code step}, which failed under {@code writers}: a deadlock as
     * it is; otherwise the step runs alone on the database {@code restore} makes ready, and
     * {@code rehearsal} records whether it applied there.
     */
    CheckResult describe(MigrationStep step, MigrationFailedException failure, StepFindings findings,
            List<LockProbe.Writer> writers, List<String> details, Map<String, Long> measured, long millis,
            LockRehearsalCheck.Rehearsal rehearsal, Restore restore) throws SQLException {
        String name = "V" + step.version() + " (" + step.script() + ")";
        Optional<StatementWatch.Ran> broken = findings.failedStatement();
        String writes = broken.map(RunAlone::crossingWrites).filter(w -> !w.isEmpty()).map(w -> String.join(" and ", w))
                .orElse("a concurrent INSERT or UPDATE into " + String.join(", ",
                        writers.stream().map(LockProbe.Writer::table).toList()));
        String where = broken.map(s -> "statement " + s.index() + (s.line() > 0 ? " (line " + s.line() + ")" : "")
                + " `" + StepFindings.abbreviate(s.sql()) + "`").orElse("a statement");
        String error = broken.map(StatementWatch.Ran::error).orElse(firstLine(failure.getMessage()))
                .strip().replaceAll("\\s+", " ");
        details.add(0, "Flyway: " + failure.getMessage());
        if (broken.map(StatementWatch.Ran::deadlock).orElse(false)) {
            return failed(step, name + " deadlocked with " + writes + ": " + where + " was aborted (" + error + ")"
                    + " => take the locks in the order the application does (parents before children), or split the"
                    + " step so each statement commits alone", details, measured, millis);
        }
        // Alone, does it work? Then the writers broke it, and so would the application's. Alone on what
        // the step met before the writers: on MySQL and MariaDB the statements before the failing one
        // have committed (each DDL statement does) and Flyway keeps the version as failed, so run again
        // there the step would fail on what it left ("Detected failed migration", "Duplicate column");
        // on every engine the writers' rows are still there.
        String ranOn = restore.restore();
        rehearsal.ranAlone = true;
        try {
            migrator.migrateTo(step.version());
        } catch (MigrationFailedException again) {
            rehearsal.failure = again;
            details.add("without writers, " + ranOn + ": failed again: " + again.getMessage());
            return failed(step, name + " fails while writers run, and again without them: " + where + ": " + error
                    + " => fix the migration itself (the check \"applies from empty\" shows the same failure)", details,
                    measured, millis);
        }
        rehearsal.applied = true;
        details.add("without writers, " + ranOn + ": applied");
        String saw = broken.filter(s -> s.index() > 1).isPresent()
                ? " saw a row inserted after the statements before it had run, and failed: "
                : " met a row a writer had just written, and failed: ";
        return failed(step, name + " is not safe under concurrent writes: " + where + saw + error
                + " (it passes without writers) => make the step see one state of the data: one statement instead of"
                + " several (INSERT ... SELECT with a join), a snapshot for the whole step (SET TRANSACTION ISOLATION"
                + " LEVEL REPEATABLE READ first), or lock the source table against writes for the copy",
                details, measured, millis);
    }

    /** The version migrated before {@code step}, if any: the one the database was at when the step began. */
    Optional<String> previousVersion(MigrationStep step) {
        String previous = null;
        for (MigrationStep listed : run.listed()) {
            if (listed.version() == null) {
                continue;
            }
            if (listed.version().equals(step.version())) {
                return Optional.ofNullable(previous);
            }
            previous = listed.version();
        }
        throw new IllegalStateException("V" + step.version() + " is not among the migrations Flyway lists");
    }

    void migrateBack(MigrationStep step, String version) {
        try {
            migrator.migrateTo(version);
        } catch (MigrationFailedException e) {
            throw new MigratestException("The lock rehearsal could not bring " + database.name() + " back to version "
                    + version + " to run V" + step.version() + " alone after it failed under the writers: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The writes that were waiting when {@code statement} failed; of those, the ones on a table the
     * statement names (a writer merely queued behind an earlier statement's lock is not in the cycle).
     */
    private static List<String> crossingWrites(StatementWatch.Ran statement) {
        String sql = statement.sql().toLowerCase(Locale.ROOT);
        List<String> named = statement.waiting().stream()
                .filter(w -> names(sql, w.substring(w.lastIndexOf(' ') + 1).toLowerCase(Locale.ROOT))).toList();
        return named.isEmpty() ? statement.waiting() : named;
    }

    private static boolean names(String sql, String table) {
        return Pattern.compile("(?<![a-z0-9_$])" + Pattern.quote(table) + "(?![a-z0-9_$])").matcher(sql).find();
    }
}
