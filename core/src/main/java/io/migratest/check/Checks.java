package io.migratest.check;

import io.migratest.check.internal.AppliesFromEmptyCheck;
import io.migratest.check.internal.CheckRun;
import io.migratest.check.internal.DataSurvivesCheck;
import io.migratest.check.internal.LinearHistoryCheck;
import io.migratest.check.internal.LockRehearsalCheck;
import io.migratest.check.internal.SchemaSnapshotCheck;
import io.migratest.check.internal.SharedPass;
import io.migratest.check.internal.UndoRoundTripCheck;
import io.migratest.check.internal.VolumeRehearsalCheck;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.report.Report;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The built-in migration checks, usable from any test runner. Each check is a list of
 * {@link CheckStep}s, usually one per migration version, that must run in order on one new,
 * empty database; run each check on a database of its own.
 *
 * <pre>{@code
 * try (TestDatabase db = server.createDatabase()) {
 *     Migrator migrator = Migrator.configure(db).locations("classpath:db/migration").load();
 *     for (CheckStep step : Checks.on(db, migrator).dataSurvives()) {
 *         step.run().orFail();
 *     }
 * }
 * }</pre>
 *
 * <p>Given a {@link Report} ({@link #on(TestDatabase, Migrator, CheckOptions, Report)}), every
 * result and row count is also recorded in it, under the report's {@linkplain Report#scope()
 * scope}, so the CI report lists them.
 *
 * <p>Run alone, each check runs the history on its database by itself. {@link #sharing(ChecksPass)}
 * makes the checks of several {@code Checks} take their results from one pass over the versions
 * instead, as {@code MigrationChecks} does per test class and engine.
 *
 * <p>A check switched off in the options ({@link CheckOptions.Builder#switchOff}, the setting
 * {@code migratest.checks.skip}) returns one step whose result is skipped with the reason.
 *
 * <p>A check whose every step passed is kept, and a later {@code Checks} (in this JVM or another)
 * reuses that verdict instead of running it while nothing in its key changed: the migrations'
 * content, the Flyway settings, the options, the committed snapshot or baseline it compares with,
 * the engine, server and driver versions, and Migratest's code. Its steps then return the kept
 * results, each message starting {@code "reused (unchanged since ...)"}, and the report gets a line
 * of kind {@code kept verdict} per check saying whether it was reused or ran, and why. The setting
 * {@code migratest.checks.reuse} (the settings of the database's server) turns it off; it is off
 * where the environment variable {@code CI} is set; {@code migratest.checks.reuseDir} is where
 * verdicts are kept.
 *
 * <p>Each check is a class of its own in {@code check.internal}; this class only builds them.
 */
public final class Checks {

    private final CheckRun run;
    // the pass the checks take their results from, or null when each check runs on its own
    private final ChecksPass pass;

    private Checks(TestDatabase database, Migrator migrator, CheckOptions options, Report report) {
        this.run = new CheckRun(database, migrator, options, report);
        this.pass = null;
    }

    private Checks(CheckRun run, ChecksPass pass) {
        this.run = run;
        this.pass = pass;
    }

    /**
     * These checks, taking their results from {@code pass} (see {@link ChecksPass}): one run over
     * the versions for all of them instead of one per check; linear history needs no database and
     * the volume rehearsal always runs on its own.
     */
    public Checks sharing(ChecksPass pass) {
        return new Checks(run, Objects.requireNonNull(pass, "pass"));
    }

    private List<CheckStep> shared(Check check, Supplier<List<CheckStep>> alone) {
        if (pass != null && SharedPass.shares(check)) {
            return pass.pass.steps(check, run);
        }
        return run.unlessSwitchedOff(check, alone);
    }

    /** Checks with {@link CheckOptions#defaults()}. */
    public static Checks on(TestDatabase database, Migrator migrator) {
        return on(database, migrator, CheckOptions.defaults());
    }

    /** Checks of the migrations {@code migrator} runs on {@code database}, which must be empty. */
    public static Checks on(TestDatabase database, Migrator migrator, CheckOptions options) {
        // a report of its own that nobody writes: results are only returned
        return on(database, migrator, options, Report.create());
    }

    /** As {@link #on(TestDatabase, Migrator, CheckOptions)}, also recording every result in {@code report}. */
    public static Checks on(TestDatabase database, Migrator migrator, CheckOptions options, Report report) {
        return new Checks(database, migrator, options, Objects.requireNonNull(report, "report"));
    }

    /** Every migration applies, in order, on a new empty database: one step per version, then repeatables. */
    public List<CheckStep> appliesFromEmpty() {
        return shared(Check.APPLIES_FROM_EMPTY, () -> new AppliesFromEmptyCheck(run).steps());
    }

    /**
     * The version history is linear: no two files share a version, no gap in an integer sequence
     * the options do not allow, no migration of the committed baseline edited or deleted, and no
     * new version lower than the baseline's latest.
     */
    public List<CheckStep> linearHistory() {
        return run.unlessSwitchedOff(Check.LINEAR_HISTORY, () -> new LinearHistoryCheck(run).steps());
    }

    /**
     * Each migration keeps the rows it finds: before migration N, generated rows are added to
     * every table (at version N-1); after N, every table must still have at least as many rows
     * and every key it had, unless {@link CheckOptions#allowsDataLoss} says otherwise.
     */
    public List<CheckStep> dataSurvives() {
        return shared(Check.DATA_SURVIVES, () -> new DataSurvivesCheck(run).steps());
    }

    /**
     * Where an undo script {@code U<version>__*.sql} exists, running migration N and then its undo
     * leaves the schema exactly as it was at N-1 (and N applies again afterwards). Skipped when
     * there are no undo scripts.
     */
    public List<CheckStep> undoRoundTrip() {
        return shared(Check.UNDO_ROUND_TRIP, () -> new UndoRoundTripCheck(run).steps());
    }

    /**
     * The schema after all migrations equals the committed snapshot
     * {@code <snapshotDirectory>/schema-<engine>.txt}. A missing snapshot is written (and fails
     * instead when {@link CheckOptions#failOnMissingFiles()}); {@code migratest.updateSnapshots=true}
     * rewrites it.
     */
    public List<CheckStep> schemaMatchesSnapshot() {
        return shared(Check.SCHEMA_MATCHES_SNAPSHOT, () -> new SchemaSnapshotCheck(run).steps());
    }

    /**
     * Each migration runs statement by statement while one concurrent writer per table it touches
     * (every existing table for Java migrations) inserts and updates rows; the locks each statement
     * holds and the writers' waits are reported. With {@link CheckOptions#lockBudgetMillis()} set, a
     * step fails when a write waited longer, or a statement held a write-blocking lock while doing
     * work that grows with the table; a step that fails or deadlocks under the writers always fails.
     */
    public List<CheckStep> lockRehearsal() {
        return shared(Check.LOCK_REHEARSAL, () -> new LockRehearsalCheck(run).steps());
    }

    /**
     * Opt-in, not run by the other checks: the history runs once per size of {@code volume} on the
     * one database (wiped with Flyway's clean in between, so its migrations must live in the
     * default schema); before each migration the tables it touches are filled to that size
     * through the bulk path, and Flyway's time of the migration is measured. The first step
     * measures; each migration's step fits constant, linear or n log n growth, projects it to the
     * table's production rows and fails when the projection exceeds {@link CheckOptions#lockBudgetMillis()}.
     */
    public List<CheckStep> volumeRehearsal(VolumeOptions volume) {
        Objects.requireNonNull(volume, "volume");
        return run.unlessSwitchedOff(Check.VOLUME_REHEARSAL, volume, () -> new VolumeRehearsalCheck(run, volume).steps());
    }
}
