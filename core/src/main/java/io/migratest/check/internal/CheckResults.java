package io.migratest.check.internal;

import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.db.Setting;
import io.migratest.migrate.MigrationStep;
import io.migratest.report.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the checks word and shape their results. */
final class CheckResults {

    /** Lines of a diff shown in a failure message; the full text is in the file it names. */
    private static final int MESSAGE_LINES = 80;

    private CheckResults() {
    }

    static CheckResult passed(String check, String subject, String message) {
        return passed(check, subject, message, List.of(), Map.of());
    }

    static CheckResult passed(String check, String subject, String message, List<String> details) {
        return passed(check, subject, message, details, Map.of());
    }

    static CheckResult passed(String check, String subject, String message, List<String> details,
            Map<String, Long> measured) {
        return new CheckResult(check, subject, Outcome.Status.PASSED, message, details, measured, 0);
    }

    static CheckResult failed(String check, String subject, String message, List<String> details) {
        return new CheckResult(check, subject, Outcome.Status.FAILED, message, details, Map.of(), 0);
    }

    /**
     * A step that found nothing wrong but could not test everything: {@code message} starts
     * {@code "not verified: "} and names each table and reason. With
     * {@link CheckOptions#failOnNotVerified()} it is a failure instead.
     */
    static CheckResult notVerified(CheckOptions options, String check, String subject, String message,
            List<String> details, Map<String, Long> measured) {
        return notVerified(options, check, subject, message, "make the generator fill these tables (a default for the"
                + " column, rows in a @Seed)", details, measured);
    }

    /** {@link #notVerified(CheckOptions, String, String, String, List, Map)} whose failure advises {@code fix}. */
    static CheckResult notVerified(CheckOptions options, String check, String subject, String message, String fix,
            List<String> details, Map<String, Long> measured) {
        if (options.failOnNotVerified()) {
            return new CheckResult(check, subject, Outcome.Status.FAILED, message + " => " + fix + ", or unset "
                    + Setting.CHECKS_FAIL_ON_NOT_VERIFIED.key() + " to report such steps as skipped", details, measured, 0);
        }
        return new CheckResult(check, subject, Outcome.Status.NOT_VERIFIED, message, details, measured, 0);
    }

    /** {@code result} with {@code measured} added to its measurements. */
    static CheckResult measured(CheckResult result, Map<String, Long> measured) {
        Map<String, Long> all = new LinkedHashMap<>(result.measurements());
        all.putAll(measured);
        return new CheckResult(result.check(), result.subject(), result.status(), result.message(), result.details(),
                all, result.millis());
    }

    static CheckResult skipped(String check, String subject, String message) {
        return new CheckResult(check, subject, Outcome.Status.SKIPPED, message, List.of(), Map.of(), 0);
    }

    static String subject(MigrationStep step) {
        return "V" + step.version() + " " + step.description();
    }

    static String previousVersion(List<MigrationStep> versions, MigrationStep step) {
        int index = versions.indexOf(step);
        return index <= 0 ? "0 (empty)" : versions.get(index - 1).version();
    }

    static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static List<String> cap(List<String> lines) {
        if (lines.size() <= MESSAGE_LINES) {
            return lines;
        }
        List<String> capped = new ArrayList<>(lines.subList(0, MESSAGE_LINES));
        capped.add("... " + (lines.size() - MESSAGE_LINES) + " more diff lines");
        return capped;
    }
}
