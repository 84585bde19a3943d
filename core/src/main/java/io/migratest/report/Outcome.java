package io.migratest.report;

import java.util.List;

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
 * @param status           passed, failed or skipped
 * @param message          one paragraph a reviewer can act on
 * @param firstDifferences the first lines of a failed diff (capped by the producer), else empty
 * @param millis           how long it took, or {@code null}
 */
public record Outcome(String kind, String name, String subject, Status status, String message,
        List<String> firstDifferences, Long millis) {

    /** Whether something passed. */
    public enum Status { PASSED, FAILED, SKIPPED }

    public Outcome {
        subject = subject == null ? "" : subject;
        message = message == null ? "" : message;
        firstDifferences = firstDifferences == null ? List.of() : List.copyOf(firstDifferences);
    }

    public static Outcome passed(String kind, String name, String message) {
        return new Outcome(kind, name, "", Status.PASSED, message, List.of(), null);
    }

    public static Outcome failed(String kind, String name, String message, List<String> firstDifferences) {
        return new Outcome(kind, name, "", Status.FAILED, message, firstDifferences, null);
    }
}
