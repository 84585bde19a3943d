package io.migratest.check.internal;

import static io.migratest.check.internal.CheckResults.elapsed;
import static io.migratest.check.internal.CheckResults.passed;
import static io.migratest.check.internal.CheckResults.subject;

import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.Schema;
import io.migratest.check.Schema.Table;
import io.migratest.check.internal.MigrationFiles.MigrationFile;
import io.migratest.db.Setting;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.LockObserver;
import io.migratest.db.internal.LockWaits;
import io.migratest.migrate.MigrationFailedException;
import io.migratest.migrate.MigrationStep;
import io.migratest.migrate.Migrator;
import io.migratest.report.internal.PullRequestAnnotations;
import io.migratest.report.Outcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.api.callback.Callback;

/**
 * The check "lock rehearsal": each migration runs statement by statement under one concurrent
 * writer per table it touches. What each statement locks, rewrites or scans is read from the
 * server's own views ({@link StatementWatch}), the writers' waits are measured, and a step that
 * fails or deadlocks under the writers is reported as what it is.
 */
public final class LockRehearsalCheck {
    private static final int MAX_WRITERS = 16;
    private static final String CHECK = "lock rehearsal";

    private final CheckRun run;
    private final TestDatabase database;
    private final Migrator migrator;
    // what a step that fails under the writers is, found by running it alone
    private final RunAlone runAlone;
    private final CheckOptions options;
    private final AtomicLong counter;
    private final DataSource connections;
    // the migration's session, found once per Flyway run (a shared pass runs many versions in one)
    private final StatementWatch.Sessions sessions;

    public LockRehearsalCheck(CheckRun run) {
        this(run, run.database().dataSource(), run.migrator());
    }

    /**
     * A rehearsal whose writers and watch take their connections from {@code connections}, and
     * whose steps run with {@code migrator}.
     */
    LockRehearsalCheck(CheckRun run, DataSource connections, Migrator migrator) {
        this.connections = connections;
        this.run = run;
        this.database = run.database();
        this.migrator = migrator;
        this.runAlone = new RunAlone(run, migrator);
        this.options = run.options();
        this.counter = run.counter();
        this.sessions = new StatementWatch.Sessions(LockWaits.of(database.engine()));
    }

    /**
     * Each migration runs while one concurrent writer per table it touches (every existing table
     * for Java migrations) inserts and updates rows. A step fails when, with a budget set
     * ({@link CheckOptions#lockBudgetMillis()} above 0), a write waited longer than the budget or
     * a statement held a lock that blocks writes while doing work that grows with the table
     * (rewrite, full scan, index build, copy, every row changed in one transaction); and, budget
     * or not, when it fails or deadlocks while the writers run.
     */
    public List<CheckStep> steps() {
        List<MigrationStep> versions = run.versioned();
        List<MigrationFile> files = MigrationFiles.scan(migrator.locations(), LockRehearsalCheck.class.getClassLoader());
        StepSequence sequence = run.sequence(CHECK);
        List<CheckStep> steps = new ArrayList<>();
        RowGenerator generator = new RowGenerator(database.engine(), counter);
        for (MigrationStep step : versions) {
            steps.add(sequence.step(subject(step), () -> rehearse(step, MigrationFiles.versioned(files, step.version()),
                    generator)));
        }
        return steps;
    }

    private CheckResult rehearse(MigrationStep step, Optional<MigrationFile> file, RowGenerator generator) throws Exception {
        return rehearse(step, file, Schema.read(database), generator,
                (connection, tables) -> generator.seed(connection, tables, options.rowsPerTable()), new Rehearsal());
    }

    /** How the tables a step's writers need get their rows: seeded now, or already seeded by a shared pass. */
    interface Seeding {
        /** Rows for every table of {@code tables}; what seeding did (or had done) for them. */
        RowGenerator.Seeded seed(Connection connection, Schema tables) throws SQLException;

        /** The rows {@code table} holds now when they were just counted, else -1 (the rehearsal counts them). */
        default long counted(Table table) {
            return -1;
        }

        /**
         * Rows again, the way {@link #seed} gave them, on the database wiped and migrated back to
         * the version before the step, so that the step, having failed under the writers, runs
         * alone on what it met before them.
         */
        default RowGenerator.Seeded again(Connection connection, Schema tables) throws SQLException {
            return seed(connection, tables);
        }
    }

    /**
     * One step rehearsed on a database at the version before it, whose schema is {@code schema}:
     * the result, and in {@code rehearsal} whether the step ended applied (under the writers, or
     * alone when it failed under them), its time and the rows the writers inserted.
     */
    CheckResult rehearse(MigrationStep step, Optional<MigrationFile> file, Schema schema, RowGenerator generator,
            Seeding seeding, Rehearsal rehearsal) throws Exception {
        Rehearsing rehearsing = begin(step, file, schema, generator, seeding, rehearsal);
        MigrationFailedException failure = null;
        try {
            Callback watch = rehearsing.watch();
            (watch == null ? migrator : migrator.withCallbacks(watch)).migrateTo(step.version());
        } catch (MigrationFailedException e) {
            failure = e;
        } catch (RuntimeException e) {
            rehearsing.abandon();
            throw e;
        }
        return rehearsing.end(failure);
    }

    /**
     * The rehearsal of {@code step} made ready to run: its tables seeded, its writers prepared and
     * its statement watch made. The caller then migrates the step with {@link Rehearsing#watch()}
     * among Flyway's callbacks (alone or within a longer run; the writers begin with the step's
     * first callback) and ends the rehearsal after the step committed, or failed.
     */
    Rehearsing begin(MigrationStep step, Optional<MigrationFile> file, Schema schema, RowGenerator generator,
            Seeding seeding, Rehearsal rehearsal) throws Exception {
        List<Table> touched = MigrationFiles.touchedTables(schema, file, MAX_WRITERS);
        if (touched.isEmpty()) {
            return new Rehearsing(step, file, rehearsal, passed(CHECK, subject(step), "touches no table that exists"
                    + " before it: no writer to block", List.of(), Map.of("maxWriteWaitMillis", 0L)));
        }
        List<LockProbe.Writer> writers = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        RowGenerator.Seeded seeded;
        // Parents too: a writer's foreign keys must point at rows that exist.
        Schema seededTables = new Schema(schema.engine(), withParents(schema, touched), schema.types());
        try (Connection connection = connections.getConnection()) {
            seeded = seeding.seed(connection, seededTables);
            seeded.notes().forEach(n -> notes.add("seeding: " + n));
            for (Table table : touched) {
                long counted = seeding.counted(table);
                rows.put(table.name().toLowerCase(Locale.ROOT), counted >= 0 ? counted : count(connection, generator, table));
                RowGenerator.TableRows tableRows = generator.prepare(connection, table);
                if (tableRows.unsupported() != null) {
                    notes.add("no writer for " + table.name() + ": " + tableRows.unsupported());
                    continue;
                }
                writers.add(new LockProbe.Writer(table.name(), tableRows::insert, update(connection, generator, table)));
            }
        }
        if (writers.isEmpty()) {
            return new Rehearsing(step, file, rehearsal, CheckResults.notVerified(options, CHECK, subject(step),
                    "no table it touches could be written to: " + notes, notes, Map.of()));
        }
        LockWaits waits = LockWaits.of(database.engine());
        LockObserver observer = waits.observer();
        // the writers begin with the step itself, not with Flyway's bookkeeping of the run before it
        LockProbe probe = LockProbe.prepare(connections, writers, observer::isDeadlock);
        StatementWatch watch = new StatementWatch(waits, observer, connections,
                touched.stream().map(Table::name).toList(), rows, probe::inserted, probe::waiting,
                file.map(MigrationFile::content).orElse(null)).beginning(probe).identifying(sessions);
        return new Rehearsing(step, file, rehearsal, writers, notes, rows, seeded, probe, watch)
                .seededWith(seeding, seededTables).changing(RefusedWrites.dependencies(touched));
    }

    /** One step's rehearsal between {@link #begin} and {@link Rehearsing#end}. */
    final class Rehearsing {
        private final MigrationStep step;
        private final Optional<MigrationFile> file;
        private final Rehearsal rehearsal;
        // with no writer: the result when the step applies
        private final CheckResult alone;
        private final List<LockProbe.Writer> writers;
        private final List<String> notes;
        private final Map<String, Long> rows;
        private final RowGenerator.Seeded seeded;
        private final LockProbe probe;
        private final StatementWatch watch;
        private final long start = System.nanoTime();
        // how the step's tables got their rows, to seed them again for a run alone after a failure
        private Seeding seeding;
        private Schema seededTables;
        private Map<String, Set<String>> dependencies = Map.of();

        private Rehearsing(MigrationStep step, Optional<MigrationFile> file, Rehearsal rehearsal, CheckResult alone) {
            this(step, file, rehearsal, alone, List.of(), List.of(), Map.of(), null, null, null);
        }

        private Rehearsing(MigrationStep step, Optional<MigrationFile> file, Rehearsal rehearsal,
                List<LockProbe.Writer> writers, List<String> notes, Map<String, Long> rows, RowGenerator.Seeded seeded,
                LockProbe probe, StatementWatch watch) {
            this(step, file, rehearsal, null, writers, notes, rows, seeded, probe, watch);
        }

        private Rehearsing(MigrationStep step, Optional<MigrationFile> file, Rehearsal rehearsal, CheckResult alone,
                List<LockProbe.Writer> writers, List<String> notes, Map<String, Long> rows, RowGenerator.Seeded seeded,
                LockProbe probe, StatementWatch watch) {
            this.step = step;
            this.file = file;
            this.rehearsal = rehearsal;
            this.alone = alone;
            this.writers = writers;
            this.notes = notes;
            this.rows = rows;
            this.seeded = seeded;
            this.probe = probe;
            this.watch = watch;
        }

        private Rehearsing seededWith(Seeding seeding, Schema seededTables) {
            this.seeding = seeding;
            this.seededTables = seededTables;
            return this;
        }

        /**
         * The database at the version before the step as the rehearsal had it before the step, with
         * no writer: wiped (it is one Migratest created), migrated to that version and seeded again.
         * The writers' rows are gone with it. When the wipe cannot remove Flyway's history (the
         * migrations live in other schemas, which are not Migratest's to drop), the database stays
         * as the writers left it. What the database is then, for the report.
         */
        private String restore() throws SQLException {
            Optional<String> previous = runAlone.previousVersion(step);
            if (!run.wipe()) {
                return "on the database as the writers left it (Flyway's clean of the default schema did not reach"
                        + " its history: the migrations use other schemas)";
            }
            previous.ifPresent(version -> runAlone.migrateBack(step, version));
            try (Connection connection = connections.getConnection()) {
                seeding.again(connection, seededTables);
            }
            rehearsal.writerRows.clear();
            return previous.map(v -> "on a database at version " + v + " built again (wiped, migrated to it and"
                    + " seeded)").orElse("on an empty database");
        }

        /** This rehearsal, knowing per table the tables whose change can make its writer's rows refused. */
        private Rehearsing changing(Map<String, Set<String>> dependencies) {
            this.dependencies = dependencies;
            return this;
        }

        /** The callback to migrate the step with, or {@code null} when it runs with no writer. */
        Callback watch() {
            return watch;
        }

        /** Stops the writers after a run that ended by an error of the caller's, not of the step. */
        void abandon() throws InterruptedException {
            if (probe != null) {
                probe.stop();
                watch.close();
            }
        }

        /** The result, once the step committed ({@code failure} null) or failed with {@code failure}. */
        CheckResult end(MigrationFailedException failure) throws Exception {
            CheckResult result = watch == null ? endAlone(failure) : endUnderWriters(failure);
            if (!result.failed() || file.isEmpty()) {
                return result;
            }
            // The first detail line points a pull request's annotation at the file and statement.
            Optional<String> location = PullRequestAnnotations.location(file.get().where(), rehearsal.line());
            if (location.isEmpty()) {
                return result;
            }
            List<String> details = new ArrayList<>(List.of(location.get()));
            details.addAll(result.details());
            return new CheckResult(result.check(), result.subject(), result.status(), result.message(), details,
                    result.measurements(), result.millis());
        }

        private CheckResult endAlone(MigrationFailedException failure) {
            rehearsal.ranAlone = true;
            rehearsal.migrationMillis = elapsed(start);
            if (failure == null) {
                rehearsal.applied = true;
                return alone;
            }
            rehearsal.failure = failure;
            return failed(step, "V" + step.version() + " (" + step.script() + ") fails, with no writer running: "
                    + firstLine(failure.getMessage()) + " => fix the migration itself (the check \"applies from empty\""
                    + " shows the same failure)", List.of(failure.getMessage()), Map.of(), 0);
        }

        private CheckResult endUnderWriters(MigrationFailedException failure) throws Exception {
            LockProbe.Result result;
            try {
                result = probe.stop();
            } finally {
                watch.close();
            }
            if (failure == null) {
                rehearsal.applied = true;
            } else {
                rehearsal.failure = failure;
            }
            long migrationMillis = elapsed(start);
            rehearsal.migrationMillis = migrationMillis;
            for (LockProbe.Writer writer : writers) {
                rehearsal.writerRows.put(writer.table(), probe.inserted(writer.table()));
            }
            StepFindings findings = new StepFindings(step, watch, rows);
            rehearsal.findings = findings;
            List<String> details = new ArrayList<>(findings.lockLines());
            details.add(writersLine(writers, result, migrationMillis));
            details.addAll(notes);
            details.addAll(watch.notes());
            Map<String, Long> measured = measurements(result, migrationMillis, findings);
            if (failure != null) {
                return runAlone.describe(step, failure, findings, writers, details, measured, migrationMillis, rehearsal,
                        this::restore);
            }
            if (result.deadlock() != null) {
                return failed(step, "V" + step.version() + " (" + step.script() + ") deadlocked with " + result.deadlock()
                        + ": the server aborted the write => take the locks in the order the application does (parents"
                        + " before children), or split the step so each statement commits alone", details, measured,
                        migrationMillis);
            }
            RefusedWrites refused = RefusedWrites.of(watch.statements(), probe, dependencies);
            details.addAll(refused.lines());
            measured.put("refusedBeforeChange", refused.before());
            measured.put("oldShapeRefused", refused.after());
            long budget = options.lockBudgetMillis();
            boolean overBudget = budget > 0 && result.maxWaitMillis() > budget;
            if (budget > 0 && !findings.hazards().isEmpty()) {
                String waited = overBudget ? "; here it blocked writes to " + result.slowestTable() + " for "
                        + result.maxWaitMillis() + " ms, over the budget of " + budget + " ms" : "";
                return failed(step, findings.hazardMessage(budget, waited), details, measured, migrationMillis);
            }
            if (overBudget) {
                return failed(step, "V" + step.version() + " (" + step.script() + ") blocked writes to "
                        + result.slowestTable() + " for " + result.maxWaitMillis() + " ms, over the budget of " + budget
                        + " ms => hold strong locks briefly: split the change into steps, build indexes concurrently"
                        + " (CREATE INDEX CONCURRENTLY, ALGORITHM=INPLACE LOCK=NONE), backfill in batches, and avoid"
                        + " table rewrites under ACCESS EXCLUSIVE / LOCK TABLES", details, measured, migrationMillis);
            }
            String summary = "longest write wait " + result.maxWaitMillis() + " ms (on " + result.slowestTable()
                    + "); writes p50 " + millis(result.p50Micros()) + " ms, p99 " + millis(result.p99Micros()) + " ms, "
                    + result.writesPerSecond() + " per second"
                    + (findings.hazards().isEmpty() ? "" : "; " + findings.hazards().size()
                            + " statement(s) would block writes at production size (no budget set: reported only)");
            if (refused.after() > 0 && refused.before() == 0 && options.failOnOldWritesRefused()) {
                return failed(step, "V" + step.version() + " (" + step.script() + ") makes the server refuse writes in"
                        + " the tables' previous shape: " + refused.afterText() + " => code that still writes that shape"
                        + " fails from V" + step.version() + " on: deploy code that writes the new shape first (expand,"
                        + " then contract in a later step), or set " + Setting.LOCK_OLD_WRITES_REFUSED.key() + "=report"
                        + " to report such writes only", details, measured, migrationMillis);
            }
            if (refused.before() > 0) {
                String seeding = seeded.complete() ? "not verified: " : seeded.notVerified() + "; ";
                return CheckResults.notVerified(options, CHECK, subject(step), seeding + refused.beforeText(step)
                        + " (" + summary + ")", "see why the server refused the writers' rows (the first refusal"
                        + " above: a trigger, a constraint the row generator does not follow, a failed connection)",
                        details, measured);
            }
            String oldShape = refused.after() > 0 ? "; " + refused.afterText() : "";
            if (!seeded.complete()) {
                return CheckResults.notVerified(options, CHECK, subject(step), seeded.notVerified() + " (" + summary
                        + oldShape + ")", details, measured);
            }
            // the finding first: report.md's table shows the start of a message
            return passed(CHECK, subject(step), refused.after() > 0 ? refused.afterText() + "; " + summary : summary,
                    details, measured);
        }
    }

    /** What a rehearsal found and left: the findings of the step, and whether the step is applied. */
    static final class Rehearsal {
        StepFindings findings;
        /** Whether the step ended applied: under the writers, or alone after failing under them. */
        boolean applied;
        /** Whether the step was also run with no writer (after it failed under them, or with no writer to start). */
        boolean ranAlone;
        /** The last failure of the step: alone when it ran alone, else under the writers. */
        MigrationFailedException failure;
        /** The time of the step's run under the writers, or alone when it had none. */
        long migrationMillis;
        /** Rows the writers inserted and committed, per table as the writers named it. */
        final Map<String, Long> writerRows = new LinkedHashMap<>();

        /** The line of the failing statement, else of the first blocking one, else 1. */
        int line() {
            if (findings == null) {
                return 1;
            }
            return findings.failedStatement().map(StatementWatch.Ran::line)
                    .or(() -> findings.hazards().stream().findFirst().map(f -> f.statement().line()))
                    .filter(line -> line > 0).orElse(1);
        }
    }

    static CheckResult failed(MigrationStep step, String message, List<String> details, Map<String, Long> measured,
            long millis) {
        return new CheckResult(CHECK, subject(step), Outcome.Status.FAILED, message, details, measured, millis);
    }

    private static Map<String, Long> measurements(LockProbe.Result result, long migrationMillis, StepFindings findings) {
        Map<String, Long> measured = new LinkedHashMap<>();
        measured.put("maxWriteWaitMillis", result.maxWaitMillis());
        measured.put("writeP50Micros", result.p50Micros());
        measured.put("writeP99Micros", result.p99Micros());
        measured.put("writesPerSecond", result.writesPerSecond());
        measured.put("writes", result.writes());
        measured.put("refusedWrites", result.errors());
        measured.put("migrationMillis", migrationMillis);
        measured.put("blockingStatements", (long) findings.hazards().size());
        return measured;
    }

    private static String writersLine(List<LockProbe.Writer> writers, LockProbe.Result result, long migrationMillis) {
        return "writers on " + String.join(", ", writers.stream().map(LockProbe.Writer::table).toList()) + ": "
                + result.writes() + " writes during the migration (" + migrationMillis + " ms, " + result.writesPerSecond()
                + " per second), latency p50 " + millis(result.p50Micros()) + " ms, p99 " + millis(result.p99Micros())
                + " ms, max " + result.maxWaitMillis() + " ms; " + result.errors() + " refused"
                + (result.firstError() == null ? "" : " (first: " + result.firstError() + ")");
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static long count(Connection connection, RowGenerator generator, Table table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + generator.quote(table.name()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String update(Connection connection, RowGenerator generator, Table table) throws SQLException {
        List<String> key = table.identifyingColumns();
        if (key.isEmpty()) {
            return null;
        }
        String column = key.get(0);
        String quoted = generator.quote(column);
        Optional<String> set = updatable(table, column);
        if (set.isEmpty()) {
            return null;
        }
        String assigned = generator.quote(set.get());
        try (Statement statement = connection.createStatement()) {
            statement.setMaxRows(1);
            try (ResultSet rs = statement.executeQuery("SELECT " + quoted + " FROM " + generator.quote(table.name())
                    + " WHERE " + quoted + " IS NOT NULL")) {
                if (!rs.next()) {
                    return null;
                }
                String literal = generator.literal(rs.getString(1), table.column(column).orElseThrow());
                return "UPDATE " + generator.quote(table.name()) + " SET " + assigned + " = " + assigned + " WHERE "
                        + quoted + " = " + literal;
            }
        }
    }

    /**
     * The column the writers' UPDATE sets to itself (a row write that changes nothing): the key
     * column when the server lets a statement set it, else a plain column outside every foreign
     * key, else any plain one. Never a computed or identity column: PostgreSQL refuses {@code SET
     * id = id} on a {@code GENERATED ALWAYS} identity, and every such UPDATE would count as refused.
     */
    private static Optional<String> updatable(Table table, String keyColumn) {
        Set<String> referencing = new HashSet<>();
        table.foreignKeys().forEach(fk -> fk.columns().forEach(c -> referencing.add(c.toLowerCase(Locale.ROOT))));
        List<Schema.Column> plain = table.columns().stream().filter(c -> !c.generated()).toList();
        return plain.stream().filter(c -> c.name().equalsIgnoreCase(keyColumn)).findFirst()
                .or(() -> plain.stream().filter(c -> !referencing.contains(c.name().toLowerCase(Locale.ROOT))).findFirst())
                .or(() -> plain.stream().findFirst())
                .map(Schema.Column::name);
    }

    /** {@code tables} and every table they reference, directly or not, in schema order. */
    static List<Table> withParents(Schema schema, List<Table> tables) {
        Set<String> wanted = new LinkedHashSet<>();
        Deque<Table> todo = new ArrayDeque<>(tables);
        while (!todo.isEmpty()) {
            Table table = todo.pop();
            if (wanted.add(table.name().toLowerCase(Locale.ROOT))) {
                table.foreignKeys().forEach(fk -> schema.table(fk.referencedTable()).ifPresent(todo::push));
            }
        }
        return schema.tables().stream().filter(t -> wanted.contains(t.name().toLowerCase(Locale.ROOT))).toList();
    }

}
