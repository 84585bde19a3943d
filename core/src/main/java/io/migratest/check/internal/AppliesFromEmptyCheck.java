package io.migratest.check.internal;

import static io.migratest.check.internal.CheckResults.elapsed;
import static io.migratest.check.internal.CheckResults.failed;
import static io.migratest.check.internal.CheckResults.passed;
import static io.migratest.check.internal.CheckResults.subject;

import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.MigrationFailedException;
import io.migratest.migrate.MigrationStep;
import io.migratest.migrate.Migrator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The check "applies from empty": every migration applies, in order, on a new empty database. */
public final class AppliesFromEmptyCheck {
    private final CheckRun run;
    private final TestDatabase database;
    private final Migrator migrator;

    // the one run of every version, made by the first step that runs
    private volatile Pass pass;

    public AppliesFromEmptyCheck(CheckRun run) {
        this.run = run;
        this.database = run.database();
        this.migrator = run.migrator();
    }

    /**
     * Every migration applies, in order, on a new empty database: one step per version, then
     * repeatables. The first step applies every version in one Flyway run (one per version would
     * cost a connection, a history read and a validation each); each step then reports its own
     * version from what that run saw, and a version the run did not reach is migrated on its own.
     */
    public List<CheckStep> steps() {
        String check = "applies from empty";
        List<MigrationStep> all = run.migrations();
        List<MigrationStep> versions = all.stream().filter(s -> s.version() != null).toList();
        StepSequence sequence = run.sequence(check);
        List<CheckStep> steps = new ArrayList<>();
        String last = versions.get(versions.size() - 1).version();
        for (int i = 0; i < versions.size(); i++) {
            MigrationStep step = versions.get(i);
            String previous = i == 0 ? "an empty database" : "a database at version " + versions.get(i - 1).version();
            steps.add(sequence.step(subject(step), () -> {
                if (pass == null) {
                    Pass ran = new Pass();
                    ran.run(last);
                    pass = ran; // published once complete: later steps may run on other threads
                }
                Long took = pass.millis.get(step.version());
                if (took != null) {
                    return withMillis(passed(check, subject(step), "applied on " + previous + " in " + took + " ms"), took);
                }
                if (step.version().equals(pass.running) && pass.failure != null) {
                    return withMillis(failed(check, subject(step), doesNotApply(step, previous),
                            List.of(pass.failure.getMessage())), elapsed(pass.runningSince));
                }
                if (step.version().equals(pass.running) && pass.error != null) {
                    throw pass.error;
                }
                long start = System.nanoTime();
                try {
                    migrator.migrateTo(step.version());
                } catch (MigrationFailedException e) {
                    return withMillis(failed(check, subject(step), doesNotApply(step, previous), List.of(e.getMessage())),
                            elapsed(start));
                }
                long millis = elapsed(start);
                return withMillis(passed(check, subject(step), "applied on " + previous + " in " + millis + " ms"), millis);
            }, true));
        }
        if (all.stream().anyMatch(s -> s.version() == null)) {
            steps.add(sequence.step("repeatable migrations", () -> {
                try {
                    migrator.migrate();
                } catch (MigrationFailedException e) {
                    return failed(check, "repeatable migrations", "a repeatable migration does not apply after the"
                            + " versioned ones => fix it", List.of(e.getMessage()));
                }
                return passed(check, "repeatable migrations", "applied");
            }));
        }
        return steps;
    }

    private static String doesNotApply(MigrationStep step, String previous) {
        return "V" + step.version() + " (" + step.script() + ") does not apply on " + previous
                + " => fix the migration; this is the state every environment runs it on";
    }

    private static CheckResult withMillis(CheckResult result, long millis) {
        return new CheckResult(result.check(), result.subject(), result.status(), result.message(), result.details(),
                result.measurements(), millis);
    }

    /** What one Flyway run of every version saw: each version's time, and where it stopped. */
    private final class Pass implements Migrator.StepListener {
        final Map<String, Long> millis = new HashMap<>();
        String running;
        long runningSince;
        MigrationFailedException failure;
        RuntimeException error;

        void run(String last) {
            try {
                migrator.migrateTo(last, this);
                running = null;
            } catch (MigrationFailedException e) {
                failure = e;
            } catch (RuntimeException e) {
                error = e;
            }
            if (running != null) {
                millis.remove(running); // it ran but was not recorded
            }
        }

        @Override
        public void starting(String version) {
            running = version;
            runningSince = System.nanoTime();
        }

        @Override
        public void applied(String version) {
            if (version != null) {
                millis.put(version, elapsed(runningSince));
            }
        }
    }
}
