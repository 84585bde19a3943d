package io.migratest.check.internal;

import static io.migratest.check.internal.CheckResults.skipped;

import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;

/** Steps of one check that depend on each other: after a failure, the rest are skipped. */
final class StepSequence {
    private final CheckRun run;
    private final String check;
    // steps run one after another, but not necessarily on one thread
    private volatile String brokenAt;

    StepSequence(CheckRun run, String check) {
        this.run = run;
        this.check = check;
    }

    CheckStep step(String subject, CheckRun.Body body) {
        return step(subject, body, false);
    }

    /** A step; with {@code ownTime} its result keeps the time its body gave it (see {@link CheckRun#timed}). */
    CheckStep step(String subject, CheckRun.Body body, boolean ownTime) {
        return new CheckStep(check, subject, () -> {
            if (brokenAt != null) {
                return run.record(skipped(check, subject, "not run: " + brokenAt + " failed before it"));
            }
            CheckResult result;
            try {
                result = run.timed(check, subject, body, ownTime);
            } catch (RuntimeException e) {
                brokenAt = subject;
                throw e;
            }
            if (result.failed()) {
                brokenAt = subject;
            }
            return result;
        });
    }
}
