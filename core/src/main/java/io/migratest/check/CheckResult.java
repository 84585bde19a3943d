package io.migratest.check;

import io.migratest.report.Outcome;
import java.util.List;
import java.util.Map;

/**
 * The result of one check on one subject (usually a migration version).
 *
 * @param check        the check, e.g. {@code data survives}
 * @param subject      what it is about, e.g. {@code V3 Copy users}, or {@code ""}
 * @param status       passed, failed, skipped or not verified (nothing wrong found, but not everything tested)
 * @param message      what was found; for a failure, what is wrong, where, and what to do
 * @param details      further lines: a diff, the lost keys, notes about seeding
 * @param measurements numbers the check measured, e.g. {@code maxWriteWaitMillis}
 * @param millis       how long the check took
 */
public record CheckResult(String check, String subject, Outcome.Status status, String message, List<String> details,
        Map<String, Long> measurements, long millis) {

    public CheckResult {
        details = List.copyOf(details);
        measurements = Map.copyOf(measurements);
    }

    public boolean passed() {
        return status == Outcome.Status.PASSED;
    }

    public boolean failed() {
        return status == Outcome.Status.FAILED;
    }

    /**
     * Whether the check found nothing wrong but could not test everything, e.g. a table that
     * got no generated rows before the step; its message starts {@code "not verified: "} and
     * names the tables and reasons. A test runner shows it as skipped (aborted).
     */
    public boolean notVerified() {
        return status == Outcome.Status.NOT_VERIFIED;
    }

    /**
     * Throws an {@link AssertionError} with the message and details if the check failed; a test
     * runner reports it as a failed test. A {@link #notVerified()} result does not throw (JUnit
     * shows it as aborted), unless {@code migratest.checks.failOnNotVerified} made it a failure.
     */
    public CheckResult orFail() {
        if (failed()) {
            throw new AssertionError(fullMessage());
        }
        return this;
    }

    /** The message followed by the details, one per line. */
    public String fullMessage() {
        StringBuilder text = new StringBuilder(check);
        if (!subject.isEmpty()) {
            text.append(" [").append(subject).append(']');
        }
        text.append(": ").append(message);
        details.forEach(d -> text.append("\n  ").append(d));
        return text.toString();
    }

    /** This result as a report outcome, with at most {@code maxLines} detail lines. */
    public Outcome toOutcome(int maxLines) {
        List<String> first = details.size() <= maxLines ? details : details.subList(0, maxLines);
        return new Outcome("check", check, subject, status, message, first, millis, measurements);
    }
}
