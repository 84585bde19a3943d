package io.migratest.report.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migratest.MigratestException;
import io.migratest.db.Setting;
import io.migratest.report.Outcome;
import io.migratest.report.Report.MigrationRun;
import io.migratest.report.Report.RowCount;
import io.migratest.report.Report.Totals;
import io.migratest.report.Report.Section.Content;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Writes a report as {@code report.md} and {@code report.json}, each replaced atomically, and its pull-request annotations. */
public final class ReportWriter {

    /** The kind of the lines about kept verdicts ({@code check.internal.KeptVerdicts}); report does not depend on check. */
    private static final String KEPT_VERDICT = "kept verdict";
    // the volume rehearsal's line saying whether its timings were reused: shown in its section, counted as no test
    private static final String KEPT_MEASUREMENTS = "kept measurements";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** rw-r--r--: a CI job running as another user publishes the report, and it holds no secret. */
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private ReportWriter() {
    }

    /** Writes both files; {@code totals} {@code null} counts the outcomes recorded instead of the run's tests. */
    public static void write(List<Content> sections, Path directory, Totals totals) {
        try {
            Files.createDirectories(directory);
            replace(directory.resolve("report.md"), markdown(sections, totals));
            replace(directory.resolve("report.json"), JSON.writeValueAsString(json(sections, totals)));
            PullRequestAnnotations.write(sections, directory);
        } catch (IOException e) {
            throw new MigratestException("Could not write the Migratest report to " + directory.toAbsolutePath()
                    + ": " + e.getMessage() + " => check that the directory is writable, or set " + Setting.REPORT_DIR.key(), e);
        }
    }

    private static void replace(Path target, String text) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        // createTempFile makes the file 0600, and the move keeps that mode on the report.
        if (Files.getFileAttributeView(temporary, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(temporary, READABLE);
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String markdown(List<Content> sections) {
        return markdown(sections, null);
    }

    static String markdown(List<Content> sections, Totals totals) {
        Totals counted = totals != null ? totals : recorded(sections);
        long passed = counted.passed();
        long failed = counted.failed();
        long skipped = counted.skipped();
        long notVerified = notVerified(sections);
        // Not verified shows as skipped in JUnit (aborted), so it counts among the skipped here too.
        String skippedText = skipped + " skipped" + (notVerified > 0 ? " (" + notVerified + " not verified)" : "");
        StringBuilder md = new StringBuilder("# Migratest report\n\n");
        // A skipped check was not tested, so only a run with nothing failed or skipped is "all passed".
        String verdict = failed > 0 ? "**" + failed + " failed**"
                : skipped > 0 ? "**" + skippedText + "**, not all checks ran"
                : counted.tests() == 0 ? "**Nothing ran**" : "All checks passed";
        md.append(verdict).append(" · ");
        if (totals != null) {
            md.append(totals.tests()).append(" tests: ");
        }
        md.append(passed).append(" passed · ");
        if (failed > 0) {
            md.append(failed).append(" failed · ");
        }
        md.append(skippedText).append(" · ").append(sections.size()).append(" test class × engine runs\n");
        if (totals != null) {
            md.append("\nThe totals count every test of the run as Surefire does; the sections below show the"
                    + " Migratest tests.\n");
        }
        reusedVerdicts(sections, md);
        List<Content> ordered = new ArrayList<>(sections);
        // Failures first: a reviewer reads the top of the summary.
        ordered.sort(Comparator.comparing((Content c) -> !c.failed()));
        for (Content section : ordered) {
            md.append("\n## ").append(section.failed() ? "❌ " : "✅ ").append(simpleName(section.scope().testClass()))
                    .append(" · ").append(section.scope().engine()).append("\n\n");
            md.append("`").append(section.scope().testClass()).append("`\n");
            if (!section.outcomes().isEmpty()) {
                md.append("\n| | check | subject | result | ms |\n|---|---|---|---|---|\n");
                for (Outcome outcome : section.outcomes()) {
                    if (outcome.kind().equals(KEPT_VERDICT)) {
                        continue; // listed under "Reused verdicts" above
                    }
                    md.append("| ").append(icon(outcome.status())).append(" | ").append(cell(outcome.name())).append(" | ")
                            .append(cell(outcome.subject())).append(" | ").append(cell(firstLine(outcome.message())))
                            .append(" | ").append(outcome.millis() == null ? "" : outcome.millis()).append(" |\n");
                }
                for (Outcome outcome : section.outcomes()) {
                    if (outcome.status() != Outcome.Status.FAILED && outcome.status() != Outcome.Status.NOT_VERIFIED) {
                        continue;
                    }
                    md.append("\n### ").append(icon(outcome.status())).append(' ').append(outcome.name())
                            .append(outcome.subject().isEmpty() ? "" : " · " + outcome.subject()).append("\n\n```\n")
                            .append(fence(outcome.message())).append("\n```\n");
                    if (!outcome.firstDifferences().isEmpty()) {
                        md.append("\nFirst differences:\n\n```diff\n")
                                .append(fence(String.join("\n", outcome.firstDifferences()))).append("\n```\n");
                    }
                }
            }
            seedingCoverage(section, md);
            if (!section.migrations().isEmpty()) {
                md.append("\n<details><summary>Migrations applied (").append(section.migrations().size())
                        .append(")</summary>\n\n| version | description | ms | result |\n|---|---|---|---|\n");
                for (MigrationRun run : section.migrations()) {
                    md.append("| ").append(run.version() == null ? "R" : run.version()).append(" | ")
                            .append(cell(run.description())).append(" | ").append(run.millis()).append(" | ")
                            .append(run.success() ? "applied" : "**failed**").append(" |\n");
                }
                md.append("\n</details>\n");
            }
            if (!section.rowCounts().isEmpty()) {
                md.append("\n<details><summary>Row counts</summary>\n\n| step | table | before | after |\n|---|---|---|---|\n");
                for (RowCount count : section.rowCounts()) {
                    boolean lost = count.before() != null && (count.after() == null || count.after() < count.before());
                    md.append("| ").append(cell(count.step())).append(" | ").append(cell(count.table())).append(" | ")
                            .append(count.before() == null ? "–" : count.before()).append(" | ")
                            .append(count.after() == null ? "–" : lost ? "**" + count.after() + "**" : count.after())
                            .append(" |\n");
                }
                md.append("\n</details>\n");
            }
        }
        return md.toString();
    }

    /**
     * Which built-in checks were reused from an earlier run and which ran, and why: the lines of
     * kind {@value #KEPT_VERDICT} the checks record when {@code migratest.checks.reuse} is on.
     */
    private static void reusedVerdicts(List<Content> sections, StringBuilder md) {
        StringBuilder rows = new StringBuilder();
        long reused = 0;
        long ran = 0;
        for (Content section : sections) {
            for (Outcome outcome : section.outcomes()) {
                if (!outcome.kind().equals(KEPT_VERDICT)) {
                    continue;
                }
                boolean wasReused = outcome.subject().equals("reused");
                reused += wasReused ? 1 : 0;
                ran += wasReused ? 0 : 1;
                rows.append("| ").append(cell(simpleName(section.scope().testClass()))).append(" | ")
                        .append(section.scope().engine()).append(" | ").append(cell(outcome.name())).append(" | ")
                        .append(wasReused ? "♻️ reused" : "▶️ ran").append(" | ").append(cell(firstLine(outcome.message())))
                        .append(" |\n");
            }
        }
        if (reused + ran == 0) {
            return;
        }
        md.append("\n## Reused verdicts\n\n").append(reused).append(" check(s) reused (not run: nothing in their key changed"
                + " since a run where every step passed; their steps show that run's results) · ").append(ran).append(" ran\n\n")
                .append("| test class | engine | check | | why |\n|---|---|---|---|---|\n").append(rows);
    }

    static ObjectNode json(List<Content> sections) {
        return json(sections, null);
    }

    static ObjectNode json(List<Content> sections, Totals totals) {
        Totals counted = totals != null ? totals : recorded(sections);
        ObjectNode root = JSON.createObjectNode();
        root.put("generatedAt", Instant.now().toString());
        ObjectNode summary = root.putObject("summary");
        summary.put("tests", counted.tests());
        summary.put("passed", counted.passed());
        summary.put("failed", counted.failed());
        summary.put("skipped", counted.skipped());
        summary.put("notVerified", notVerified(sections));
        // "run": every test of the run, as Surefire counts; "recorded": only what Migratest recorded
        summary.put("counted", totals != null ? "run" : "recorded");
        ArrayNode array = root.putArray("sections");
        for (Content section : sections) {
            ObjectNode node = array.addObject();
            node.put("testClass", section.scope().testClass());
            node.put("engine", section.scope().engine());
            node.put("failed", section.failed());
            node.set("migrations", JSON.valueToTree(section.migrations()));
            node.set("rowCounts", JSON.valueToTree(section.rowCounts()));
            node.set("outcomes", JSON.valueToTree(section.outcomes()));
        }
        return root;
    }

    private static long count(List<Content> sections, Outcome.Status status) {
        // a line about a kept verdict is no test: its check's steps are counted
        return sections.stream().flatMap(s -> s.outcomes().stream())
                .filter(o -> o.status() == status && !o.kind().equals(KEPT_VERDICT) && !o.kind().equals(KEPT_MEASUREMENTS))
                .count();
    }

    private static Totals recorded(List<Content> sections) {
        return new Totals(count(sections, Outcome.Status.PASSED), count(sections, Outcome.Status.FAILED),
                count(sections, Outcome.Status.SKIPPED) + notVerified(sections));
    }

    // A step that ran but whose result could not be verified shows in JUnit as skipped (aborted).
    private static long notVerified(List<Content> sections) {
        return count(sections, Outcome.Status.NOT_VERIFIED);
    }

    private static String icon(Outcome.Status status) {
        return switch (status) {
            case PASSED -> "✅";
            case FAILED -> "❌";
            case SKIPPED -> "⏭️";
            case NOT_VERIFIED -> "⚠️";
        };
    }

    /** Per step of a check that seeds rows: how many of the tables present got every generated row asked. */
    private static void seedingCoverage(Content section, StringBuilder md) {
        List<Outcome> seeding = section.outcomes().stream()
                .filter(o -> o.measurements().containsKey("tablesPresent") && o.measurements().containsKey("tablesSeeded"))
                .toList();
        if (seeding.isEmpty()) {
            return;
        }
        long seeded = seeding.stream().mapToLong(o -> o.measurements().get("tablesSeeded")).sum();
        long present = seeding.stream().mapToLong(o -> o.measurements().get("tablesPresent")).sum();
        md.append("\n<details><summary>Seeding coverage: ").append(seeded).append(" / ").append(present)
                .append(" tables seeded</summary>\n\n| check | step | tables seeded / present |\n|---|---|---|\n");
        for (Outcome outcome : seeding) {
            long stepSeeded = outcome.measurements().get("tablesSeeded");
            long stepPresent = outcome.measurements().get("tablesPresent");
            String ratio = stepSeeded + " / " + stepPresent;
            md.append("| ").append(cell(outcome.name())).append(" | ").append(cell(outcome.subject())).append(" | ")
                    .append(stepSeeded < stepPresent ? "**" + ratio + "**" : ratio).append(" |\n");
        }
        md.append("\n</details>\n");
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    /** Keeps a code block closed even when the text holds a fence of its own. */
    private static String fence(String text) {
        return text.replace("```", "ʼʼʼ");
    }
}
