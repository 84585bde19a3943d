package io.migratest.report;

import java.util.List;
import java.util.Map;

/**
 * The result of one check, diff or assertion, as the report shows it.
 *
 * <pre>{@code
 * report.record(Outcome.failed("diff", "users vs legacy_users",
 *         "2 rows changed, 1 missing", List.of("id 17: last_name \"van Dyke\" -> \"Dyke\"")));
 * }</pre>
 *
 * @param kind             what produced it: {@code check}, {@code diff}, {@code assertion}, ...
 * @param name             what was checked, e.g. {@code data survives} or {@code users vs legacy_users}
 * @param subject          the migration version or other detail it is about, or {@code ""}
 * @param status           passed, failed, skipped, or not verified (it ran, but could not test everything)
 * @param message          one paragraph a reviewer can act on
 * @param firstDifferences the first lines of a failed diff (capped by the producer), else empty
 * @param millis           how long it took, or {@code null}
 * @param measurements     numbers measured, e.g. {@code tablesSeeded} and {@code tablesPresent}; may be empty
 */
public record Outcome(String kind, String name, String subject, Status status, String message,
        List<String> firstDifferences, Long millis, Map<String, Long> measurements) {

    /**
     * Whether something passed. {@link #NOT_VERIFIED}: it ran and found nothing wrong, but could
     * not test all it should (e.g. a table the row generator could not fill); a test runner
     * shows it as skipped, and the setting {@code migratest.checks.failOnNotVerified} makes it a
     * failure.
     */
    public enum Status { PASSED, FAILED, SKIPPED, NOT_VERIFIED }

    public Outcome {
        subject = subject == null ? "" : subject;
        message = message == null ? "" : message;
        firstDifferences = firstDifferences == null ? List.of() : List.copyOf(firstDifferences);
        measurements = measurements == null ? Map.of() : Map.copyOf(measurements);
    }

    /** An outcome without measurements. */
    public Outcome(String kind, String name, String subject, Status status, String message,
            List<String> firstDifferences, Long millis) {
        this(kind, name, subject, status, message, firstDifferences, millis, Map.of());
    }

    public static Outcome passed(String kind, String name, String message) {
        return new Outcome(kind, name, "", Status.PASSED, message, List.of(), null);
    }

    public static Outcome failed(String kind, String name, String message, List<String> firstDifferences) {
        return new Outcome(kind, name, "", Status.FAILED, message, firstDifferences, null);
    }
}
