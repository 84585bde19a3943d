package io.migratest.report;

import io.migratest.report.internal.MigrationRecorder;
import io.migratest.report.internal.ReportWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.api.callback.Callback;

/**
 * What a test run did, for a reviewer: per test class and engine, the migrations applied with
 * their durations, row counts before and after, and the outcome of every check and diff. The
 * JUnit extension writes it to {@code target/migratest/report.md} and {@code report.json} at the
 * end of the run.
 *
 * <p>A report is handed to whatever records into it; nothing finds one through a static. A view
 * {@linkplain #in in one scope} records there by default, so a check or a test given it needs no
 * scope of its own:
 *
 * <pre>{@code
 * Report users = report.in(new Report.Scope("UsersMigrationTest", "POSTGRES"));
 * users.record(Outcome.failed("diff", "users", "1 row missing", List.of("id=512 missing")));
 * users.rowCounts("V3", "users", 1000L, 999L);
 * }</pre>
 *
 * <p>The JUnit extension keeps one report per run and gives each test the view of its test
 * class and engine (a test may take it as a {@code Report} parameter). Every method is safe to
 * call from several threads at once.
 */
public final class Report {

    private final Map<Scope, Section> sections;
    private final Scope scope;

    private Report(Map<Scope, Section> sections, Scope scope) {
        this.sections = sections;
        this.scope = scope;
    }

    /** A new, empty report, recording under {@link Scope#NONE} until viewed {@linkplain #in in} a scope. */
    public static Report create() {
        return new Report(new ConcurrentHashMap<>(), Scope.NONE);
    }

    /** This report, recording under {@code scope} where a method names none; both views share every record. */
    public Report in(Scope scope) {
        return new Report(sections, Objects.requireNonNull(scope, "scope"));
    }

    /** The scope records go to when a method names none. */
    public Scope scope() {
        return scope;
    }

    /**
     * Where records go: a test class on one engine.
     *
     * @param testClass the test class name
     * @param engine    the engine, e.g. {@code POSTGRES}
     */
    public record Scope(String testClass, String engine) {
        /** Records made outside any test. */
        public static final Scope NONE = new Scope("(outside tests)", "-");
    }

    /** Records a migration that ran, in this view's scope. */
    public void migrationApplied(String version, String description, long millis, boolean success) {
        migrationApplied(scope, version, description, millis, success);
    }

    /** Records a migration that ran. */
    public void migrationApplied(Scope scope, String version, String description, long millis, boolean success) {
        section(scope).add(new MigrationRun(version, description, millis, success));
    }

    /** Records the row count of a table before and after a step ({@code null} where unknown), in this view's scope. */
    public void rowCounts(String step, String table, Long before, Long after) {
        rowCounts(scope, step, table, before, after);
    }

    /** Records the row count of a table before and after a step. */
    public void rowCounts(Scope scope, String step, String table, Long before, Long after) {
        section(scope).add(new RowCount(step, table, before, after));
    }

    /** Records the outcome of a check, diff or assertion, in this view's scope. */
    public void record(Outcome outcome) {
        record(scope, outcome);
    }

    /** Records the outcome of a check, diff or assertion. */
    public void record(Scope scope, Outcome outcome) {
        section(scope).add(outcome);
    }

    /** A copy of everything recorded so far, sections sorted by test class and engine. */
    public List<Section.Content> sections() {
        List<Section.Content> copy = new ArrayList<>();
        sections.forEach((scope, section) -> copy.add(section.content(scope)));
        copy.sort((a, b) -> (a.scope().testClass() + a.scope().engine()).compareTo(b.scope().testClass() + b.scope().engine()));
        return copy;
    }

    /**
     * Writes {@code report.md} and {@code report.json} into {@code directory}, replacing earlier ones;
     * the totals are those of the outcomes recorded.
     */
    public void write(Path directory) {
        ReportWriter.write(sections(), directory, null);
    }

    /**
     * Writes {@code report.md} and {@code report.json} with the run's {@code totals}: every test of
     * the run, as the test runner counted them, also those that recorded nothing here.
     */
    public void write(Path directory, Totals totals) {
        ReportWriter.write(sections(), directory, Objects.requireNonNull(totals, "totals"));
    }

    /**
     * How many tests a run had and how they ended, counted as Surefire counts them: an aborted
     * test (an assumption, an engine not available, a step not verified) is skipped, and a failed
     * container (a class whose set-up failed) is one failed test.
     *
     * @param passed  tests that passed
     * @param failed  tests that failed or ended with an error
     * @param skipped tests skipped or aborted
     */
    public record Totals(long passed, long failed, long skipped) {

        /** Every test counted. */
        public long tests() {
            return passed + failed + skipped;
        }
    }

    /**
     * A Flyway callback that adds every migration Flyway runs, with its duration, to this report
     * under {@code scope}: {@code Migrator.configure(db).callbacks(report.migrationRecorder(scope))}.
     */
    public Callback migrationRecorder(Scope scope) {
        return new MigrationRecorder(this, scope);
    }

    private Section section(Scope scope) {
        return sections.computeIfAbsent(scope, s -> new Section());
    }

    /**
     * A migration run.
     *
     * @param version     its version, or {@code null} for a repeatable migration
     * @param description its description
     * @param millis      how long it ran
     * @param success     whether it applied
     */
    public record MigrationRun(String version, String description, long millis, boolean success) {
    }

    /**
     * A table's row count around one step.
     *
     * @param step   the step, e.g. {@code V3}
     * @param table  the table
     * @param before the count before, or {@code null}
     * @param after  the count after, or {@code null}
     */
    public record RowCount(String step, String table, Long before, Long after) {
    }

    /** The records of one scope; appends are synchronised, reads take copies. */
    public static final class Section {
        private final List<MigrationRun> migrations = new ArrayList<>();
        private final List<RowCount> rowCounts = new ArrayList<>();
        private final List<Outcome> outcomes = new ArrayList<>();

        synchronized void add(MigrationRun run) {
            migrations.add(run);
        }

        synchronized void add(RowCount count) {
            rowCounts.add(count);
        }

        synchronized void add(Outcome outcome) {
            outcomes.add(outcome);
        }

        synchronized Content content(Scope scope) {
            return new Content(scope, List.copyOf(migrations), List.copyOf(rowCounts), List.copyOf(outcomes));
        }

        /**
         * An immutable copy of one scope's records.
         *
         * @param scope      the test class and engine
         * @param migrations the migrations run, in order
         * @param rowCounts  the row counts recorded
         * @param outcomes   the checks, diffs and assertions recorded
         */
        public record Content(Scope scope, List<MigrationRun> migrations, List<RowCount> rowCounts, List<Outcome> outcomes) {

            /** Whether any outcome failed. */
            public boolean failed() {
                return outcomes.stream().anyMatch(o -> o.status() == Outcome.Status.FAILED);
            }
        }
    }
}
