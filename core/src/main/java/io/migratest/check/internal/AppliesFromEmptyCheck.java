package io.migratest.check.internal;

import static io.migratest.check.internal.CheckResults.elapsed;
import static io.migratest.check.internal.CheckResults.failed;
import static io.migratest.check.internal.CheckResults.passed;
import static io.migratest.check.internal.CheckResults.subject;

import io.migratest.check.CheckStep;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.MigrationFailedException;
import io.migratest.migrate.MigrationStep;
import io.migratest.migrate.Migrator;
import java.util.ArrayList;
import java.util.List;

/** The check "applies from empty": every migration applies, in order, on a new empty database. */
public final class AppliesFromEmptyCheck {
    private final CheckRun run;
    private final TestDatabase database;
    private final Migrator migrator;

    public AppliesFromEmptyCheck(CheckRun run) {
        this.run = run;
        this.database = run.database();
        this.migrator = run.migrator();
    }

    /** Every migration applies, in order, on a new empty database: one step per version, then repeatables. */
    public List<CheckStep> steps() {
        String check = "applies from empty";
        List<MigrationStep> versions = run.versioned();
        StepSequence sequence = run.sequence(check);
        List<CheckStep> steps = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            MigrationStep step = versions.get(i);
            String previous = i == 0 ? "an empty database" : "a database at version " + versions.get(i - 1).version();
            steps.add(sequence.step(subject(step), () -> {
                long start = System.nanoTime();
                try {
                    migrator.migrateTo(step.version());
                } catch (MigrationFailedException e) {
                    return failed(check, subject(step), "V" + step.version() + " (" + step.script() + ") does not apply on "
                            + previous + " => fix the migration; this is the state every environment runs it on",
                            List.of(e.getMessage()));
                }
                return passed(check, subject(step), "applied on " + previous + " in " + elapsed(start) + " ms");
            }));
        }
        if (migrator.info().stream().anyMatch(s -> s.version() == null)) {
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
}
