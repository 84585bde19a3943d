package io.migratest.check.internal;

import io.migratest.MigratestException;
import io.migratest.check.Check;
import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.VolumeOptions;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.MigrationStep;
import io.migratest.migrate.Migrator;
import io.migratest.report.Outcome;
import io.migratest.report.Report;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * What the checks of one {@code Checks} share: the database and migrator they run on, the
 * options, the report their results go to, and the plumbing every step goes through (listing
 * the migrations, timing a step, recording its result).
 */
public final class CheckRun {

    /** Detail lines kept in the report per failed check. */
    private static final int REPORT_LINES = 40;

    private final TestDatabase database;
    private final Migrator migrator;
    private final CheckOptions options;
    private final Report report;
    // one sequence for every generated row of this run, so the checks never generate a key twice
    private final AtomicLong counter = new AtomicLong();

    /** Results go to {@code report}, under the report's own scope. */
    public CheckRun(TestDatabase database, Migrator migrator, CheckOptions options, Report report) {
        this.database = database;
        this.migrator = migrator;
        this.options = options;
        this.report = report;
    }

    public TestDatabase database() {
        return database;
    }

    public Migrator migrator() {
        return migrator;
    }

    public CheckOptions options() {
        return options;
    }

    Report report() {
        return report;
    }

    AtomicLong counter() {
        return counter;
    }

    /**
     * Drops everything in the default schema of the run's database, one Migratest created, so the
     * history can run on it again; false when Flyway's history is still there after the clean (the
     * migrations use other schemas, which are not Migratest's to drop) or the clean failed.
     */
    boolean wipe() {
        try {
            Flyway.configure(CheckRun.class.getClassLoader()).dataSource(database.dataSource()).cleanDisabled(false)
                    .load().clean();
        } catch (FlywayException e) {
            return false;
        }
        return migrator.currentVersion().isEmpty();
    }

    /** The body of one step: its result, or an exception when it could not run. */
    interface Body {
        CheckResult run() throws Exception;
    }

    /** A new sequence of dependent steps of {@code check}. */
    StepSequence sequence(String check) {
        return new StepSequence(this, check);
    }

    /**
     * The steps of {@code check}, or one skipped step saying why when the options switch it off:
     * a switched-off check shows as skipped, it does not vanish.
     */
    public List<CheckStep> unlessSwitchedOff(Check check, Supplier<List<CheckStep>> steps) {
        return unlessSwitchedOff(check, null, steps);
    }

    /** As {@link #unlessSwitchedOff(Check, Supplier)}; {@code volume}: the volume rehearsal's options, part of its key. */
    public List<CheckStep> unlessSwitchedOff(Check check, VolumeOptions volume, Supplier<List<CheckStep>> steps) {
        String reason = options.switchedOff().get(check);
        if (reason == null) {
            // hook: a passed verdict of an earlier run is reused while nothing in its key changed
            return KeptVerdicts.around(this, check, volume, steps);
        }
        return List.of(new CheckStep(check.displayName(), "",
                () -> record(CheckResults.skipped(check.displayName(), "", reason))));
    }

    /** The versioned migrations, in order; a clear error when there are none or Flyway cannot list them. */
    List<MigrationStep> versioned() {
        return migrations().stream().filter(s -> s.version() != null).toList();
    }

    /** Every migration, versioned then repeatable, as {@link #versioned()} checks them. */
    List<MigrationStep> migrations() {
        List<MigrationStep> all = listed();
        if (all.stream().anyMatch(s -> !s.isPending())) {
            throw new MigratestException("The checks need an empty database, but " + database.name() + " already has"
                    + " migrations applied (" + migrator.currentVersion().orElse("?") + ") => run each check on a new database");
        }
        return all;
    }

    /**
     * Every migration, applied or pending, for a check that only reads the list: the built-in
     * checks of a class share one database, which the shared pass may have migrated already.
     */
    List<MigrationStep> listed() {
        List<MigrationStep> all;
        try {
            all = migrator.info();
        } catch (FlywayException e) {
            throw new MigratestException("Flyway cannot list the migrations in " + migrator.locations() + ": "
                    + e.getMessage() + " => fix the migration files (the linear history check names duplicates)", e);
        }
        if (all.isEmpty()) {
            throw new MigratestException("No migrations found in " + migrator.locations() + " => check the locations"
                    + " (@MigrationTest(locations = ...) or Migrator.configure(...).locations(...)): the folder must exist"
                    + " on the class path (classpath:) or disk (filesystem:) and hold V<version>__<name>.sql files");
        }
        return all;
    }

    Connection connection() throws SQLException {
        return database.dataSource().getConnection();
    }

    /** Runs a step body, times it, turns checked exceptions into {@link MigratestException} and records the result. */
    CheckResult timed(String check, String subject, Body body) {
        return timed(check, subject, body, false);
    }

    /**
     * As {@link #timed(String, String, Body)}; with {@code ownTime}, the result keeps the time the
     * body gave it: its work was done in a pass shared with other steps, which knows each one's share.
     */
    CheckResult timed(String check, String subject, Body body, boolean ownTime) {
        long start = System.nanoTime();
        CheckResult result;
        try {
            result = body.run();
        } catch (MigratestException e) {
            record(new CheckResult(check, subject, Outcome.Status.FAILED, e.getMessage(), List.of(), Map.of(),
                    CheckResults.elapsed(start)));
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigratestException(check + " was interrupted", e);
        } catch (Exception e) {
            record(new CheckResult(check, subject, Outcome.Status.FAILED, e.toString(), List.of(), Map.of(),
                    CheckResults.elapsed(start)));
            throw new MigratestException(check + " [" + subject + "] could not run on " + database.engine() + " database "
                    + database.name() + ": " + e.getMessage(), e);
        }
        CheckResult timedResult = new CheckResult(result.check(), result.subject(), result.status(), result.message(),
                result.details(), result.measurements(), ownTime ? result.millis() : CheckResults.elapsed(start));
        return record(timedResult);
    }

    CheckResult record(CheckResult result) {
        report.record(result.toOutcome(REPORT_LINES));
        return result;
    }
}
