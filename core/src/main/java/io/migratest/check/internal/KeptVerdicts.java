package io.migratest.check.internal;

import io.migratest.check.Check;
import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.VolumeOptions;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.db.internal.JdbiSettings;
import io.migratest.report.Outcome;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reuses a built-in check's verdict of an earlier run while nothing in its {@link VerdictKey}
 * changed, as a build cache skips an unchanged test: only a check whose every step passed is
 * kept ({@link VerdictRecord}), and its steps then pass again with the results they had, each
 * message saying so; a failure, a "not verified" step or a skip is never kept and always runs
 * again. Each check also leaves one line of kind {@value #KIND} in the report: reused, or ran and
 * why (the file or setting that changed since the verdict kept).
 *
 * <p>On with {@link Setting#CHECKS_REUSE} (off where the environment variable {@code CI} is set),
 * kept in {@link Setting#CHECKS_REUSE_DIR}. Anything that goes wrong here (a key that cannot be
 * read, an unreadable record, a record that cannot be written) runs the check and says so; it
 * never fails a check nor passes one that did not pass.
 */
final class KeptVerdicts {

    /** The kind of the report's line about each check's verdict. */
    static final String KIND = "kept verdict";

    private static final Logger LOG = LoggerFactory.getLogger(KeptVerdicts.class);

    private KeptVerdicts() {
    }

    /**
     * {@code setting} as the database's server was started with it, else as this JVM has it: a
     * server started in code with {@code Settings.of(...)} knows nothing of the environment, and
     * a CI machine ({@code CI} set) or a {@code -D} switch must still turn reuse off there.
     */
    static <T> T setting(Settings server, Setting<T> setting) {
        return server.find(setting).orElseGet(() -> Settings.fromEnvironment().get(setting));
    }

    /**
     * The steps of {@code check}: those of the verdict kept for its key, or {@code steps} watched so
     * that their verdict is kept when every one passed. {@code volume}: the volume rehearsal's
     * options, else {@code null}.
     */
    static List<CheckStep> around(CheckRun run, Check check, VolumeOptions volume, Supplier<List<CheckStep>> steps) {
        Settings settings = JdbiSettings.of(run.database().jdbi());
        if (!setting(settings, Setting.CHECKS_REUSE)) {
            return steps.get();
        }
        CheckOptions options = run.options();
        if (options.updateSnapshots() || options.updateBaseline()) {
            note(run, check, "ran", "not reused: " + (options.updateSnapshots() ? Setting.UPDATE_SNAPSHOTS.key()
                    : Setting.UPDATE_BASELINE.key()) + " is on, and the check rewrites what it compares with");
            return steps.get();
        }
        VerdictKey key;
        try {
            key = VerdictKey.of(run, check, volume);
        } catch (SQLException | RuntimeException e) {
            note(run, check, "ran", "not reused: its key could not be read (" + e.getMessage() + ")");
            return steps.get();
        }
        Path file = setting(settings, Setting.CHECKS_REUSE_DIR).resolve(VerdictRecord.fileName(key));
        Optional<VerdictRecord> kept;
        String ignored = "";
        try {
            kept = VerdictRecord.read(file);
        } catch (RuntimeException e) {
            kept = Optional.empty();
            ignored = "ignored the unreadable kept verdict " + file + " (" + e.getMessage() + "); ";
        }
        if (kept.isPresent() && kept.get().hash().equals(key.hash()) && kept.get().parts().equals(key.parts())) {
            VerdictRecord verdict = kept.get();
            note(run, check, "reused", "unchanged since " + verdict.madeAtText() + " (key " + shortHash(key) + ", "
                    + file + ")");
            return reused(run, verdict, key);
        }
        note(run, check, "ran", ignored + whatChanged(kept, key));
        return watched(run, check, volume, key, file, steps.get());
    }

    /** The kept steps, each recording its kept result again, marked as reused. */
    private static List<CheckStep> reused(CheckRun run, VerdictRecord verdict, VerdictKey key) {
        String mark = "reused (unchanged since " + verdict.madeAtText() + ", key " + shortHash(key) + "): ";
        List<CheckStep> steps = new ArrayList<>();
        for (CheckResult kept : verdict.results()) {
            CheckResult again = new CheckResult(kept.check(), kept.subject(), Outcome.Status.PASSED,
                    mark + kept.message() + " (took " + kept.millis() + " ms then)", kept.details(), kept.measurements(), 0);
            steps.add(new CheckStep(kept.check(), kept.subject(), () -> run.record(again), true));
        }
        return List.copyOf(steps);
    }

    /** {@code steps}, each telling a {@link Watch} how it ended, which keeps the verdict once all passed. */
    private static List<CheckStep> watched(CheckRun run, Check check, VolumeOptions volume, VerdictKey key, Path file,
            List<CheckStep> steps) {
        Watch watch = new Watch(steps.size(), results -> keep(run, check, volume, key, file, results));
        List<CheckStep> watchedSteps = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            int index = i;
            CheckStep step = steps.get(i);
            watchedSteps.add(new CheckStep(step.check(), step.subject(), () -> {
                CheckResult result;
                try {
                    result = step.run();
                } catch (RuntimeException | Error e) {
                    watch.spoil();
                    throw e;
                }
                watch.ran(index, result);
                return result;
            }));
        }
        return List.copyOf(watchedSteps);
    }

    /**
     * Writes the verdict of steps that all passed, unless the key changed while they ran (a
     * migration edited, a missing snapshot written): the next run runs the check again then.
     */
    private static void keep(CheckRun run, Check check, VolumeOptions volume, VerdictKey key, Path file,
            List<CheckResult> results) {
        try {
            VerdictKey after = VerdictKey.of(run, check, volume);
            if (!after.hash().equals(key.hash())) {
                LOG.info("Kept verdicts: {}: passed, not kept: {} while it ran", key.label(),
                        VerdictKey.changes(key.parts(), after.parts()));
                return;
            }
            new VerdictRecord(key.hash(), key.label(), key.parts(), Instant.now(), results).write(file);
            LOG.info("Kept verdicts: {}: passed, kept as {}", key.label(), file);
        } catch (SQLException | RuntimeException e) {
            // not keeping it only costs the next run the check itself
            LOG.warn("Kept verdicts: {}: passed, but its verdict could not be kept in {}: {} => check that the"
                    + " directory is writable, or set {}", key.label(), file, e.getMessage(), Setting.CHECKS_REUSE_DIR.key());
        }
    }

    /** Why the check runs: the parts that differ from the verdict kept for the same lineage. */
    static String whatChanged(Optional<VerdictRecord> kept, VerdictKey key) {
        if (kept.isEmpty()) {
            return "no passed verdict kept for it yet";
        }
        List<String> changes = VerdictKey.changes(kept.get().parts(), key.parts());
        return (changes.isEmpty() ? "its kept verdict has another key" : String.join(", ", changes))
                + " since the verdict kept " + kept.get().madeAtText();
    }

    private static void note(CheckRun run, Check check, String what, String why) {
        LOG.info("Kept verdicts: {} on {} for {}: {}, {}", check.displayName(), run.database().engine(),
                run.report().scope().testClass(), what, why);
        run.report().record(new Outcome(KIND, check.displayName(), what, Outcome.Status.PASSED, why, List.of(), null));
    }

    private static String shortHash(VerdictKey key) {
        return key.hash().substring(0, 12);
    }

    /** How the steps of one check ended; calls back once when every step has passed. */
    private static final class Watch {

        interface Passed {
            void all(List<CheckResult> results);
        }

        private final CheckResult[] results;
        private final Passed passed;
        private boolean spoiled;
        private boolean kept;

        Watch(int steps, Passed passed) {
            this.results = new CheckResult[steps];
            this.passed = passed;
        }

        synchronized void spoil() {
            spoiled = true;
        }

        synchronized void ran(int index, CheckResult result) {
            results[index] = result;
            if (!result.passed()) {
                // failed, skipped, or not verified: nothing of this check is kept
                spoiled = true;
            }
            for (CheckResult each : results) {
                if (each == null) {
                    return;
                }
            }
            if (!spoiled && !kept && results.length > 0) {
                kept = true;
                passed.all(List.of(results));
            }
        }
    }
}
