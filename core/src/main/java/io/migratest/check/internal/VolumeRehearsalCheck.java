package io.migratest.check.internal;

import static io.migratest.check.internal.CheckResults.elapsed;
import static io.migratest.check.internal.CheckResults.passed;
import static io.migratest.check.internal.CheckResults.subject;

import io.migratest.MigratestException;
import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.Schema;
import io.migratest.check.Schema.Table;
import io.migratest.check.VolumeOptions;
import io.migratest.check.internal.MigrationFiles.MigrationFile;
import io.migratest.check.internal.VolumeFit.Point;
import io.migratest.db.Setting;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.LockWaits;
import io.migratest.migrate.MigrationStep;
import io.migratest.migrate.Migrator;
import io.migratest.report.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The check "volume rehearsal": the tables each migration touches are filled at each of the
 * configured sizes through the bulk path, each migration is timed at each size, the growth is
 * fitted ({@link VolumeFit}) and projected to the declared production row counts; a projection
 * over the lock budget fails the step.
 *
 * <p>A migration runs only once on a database, so the history runs once per size and repeat on
 * the one database the check is given, wiped with Flyway's clean in between; the fastest run of
 * each migration at each size is the point fitted. The first step ("measure")
 * does all of that; the step of each migration then judges its points.
 */
public final class VolumeRehearsalCheck {
    private static final String CHECK = "volume rehearsal";
    private static final int MAX_TABLES = 16;

    private final CheckRun run;
    private final TestDatabase database;
    private final Migrator migrator;
    private final CheckOptions options;
    private final VolumeOptions volume;

    public VolumeRehearsalCheck(CheckRun run, VolumeOptions volume) {
        this.run = run;
        this.database = run.database();
        this.migrator = run.migrator();
        this.options = run.options();
        this.volume = volume;
    }

    /**
     * What one migration took at each size, which tables it touched, and what the lock rehearsal's
     * statement watch saw it do at the largest size: the write-blocking locks it held while doing
     * work that grows with the table ({@code null} when it was not watched, e.g. a Java migration,
     * whose statements Flyway does not report one by one).
     */
    record Measured(List<String> tables, List<Point> points, List<String> blocking) {
    }

    /** One step that measures every migration at every size, then one per migration that judges it. */
    public List<CheckStep> steps() {
        List<MigrationStep> versions = run.versioned();
        StepSequence sequence = run.sequence(CHECK);
        // filled by the first step, read by the others, which need not run on the same thread
        Map<String, Measured> measured = new ConcurrentHashMap<>();
        List<CheckStep> steps = new ArrayList<>();
        String sizes = String.join(", ", volume.sizes().stream().map(VolumeRehearsalCheck::rows).toList());
        // set by the first step when it reuses an earlier run's timings: every judged step says so
        AtomicReference<String> reusedFrom = new AtomicReference<>();
        steps.add(sequence.step("measure at " + sizes + " rows", () -> {
            long start = System.nanoTime();
            KeptMeasurements kept = KeptMeasurements.of(run, volume);
            Optional<KeptMeasurements.Kept> earlier = kept.reusable(versions.stream().map(MigrationStep::version).toList());
            if (earlier.isPresent()) {
                measured.putAll(earlier.get().measured());
                reusedFrom.set(earlier.get().provenance());
                return passed(CHECK, "measure at " + sizes + " rows", "reused the timings " + earlier.get().provenance()
                        + ": the migrations, sizes, repeats, engine, server and machine are unchanged; judged again below"
                        + " (" + Setting.VOLUME_REUSE_MEASUREMENTS.key() + "=false measures again)",
                        earlier.get().passes(), Map.of("rehearsalMillis", 0L));
            }
            List<String> passes = measureAll(versions, measured);
            kept.keep(passes, measured);
            return passed(CHECK, "measure at " + sizes + " rows", "ran " + versions.size() + " migrations "
                    + volume.repeats() + " times at each of " + volume.sizes().size() + " sizes in " + elapsed(start)
                    + " ms", passes, Map.of("rehearsalMillis", elapsed(start)));
        }));
        for (MigrationStep step : versions) {
            steps.add(sequence.step(subject(step), () -> judge(step, measured.get(step.version()), reusedFrom.get())));
        }
        return steps;
    }

    /** Runs the history {@code repeats} times at each size, the sizes interleaved so that a busy spell hits them alike. */
    private List<String> measureAll(List<MigrationStep> versions, Map<String, Measured> measured) throws Exception {
        List<MigrationFile> files = MigrationFiles.scan(migrator.locations(), VolumeRehearsalCheck.class.getClassLoader());
        VolumeRows rows = new VolumeRows(database, run.counter());
        List<String> passes = new ArrayList<>();
        Set<String> watchedSteps = new HashSet<>();
        long largest = volume.sizes().stream().mapToLong(Long::longValue).max().orElse(0);
        boolean first = true;
        for (int repeat = 0; repeat < volume.repeats(); repeat++) {
            for (long size : volume.sizes()) {
                if (!first) {
                    wipe();
                }
                first = false;
                long fillNanos = 0;
                long migrateMillis = 0;
                for (MigrationStep step : versions) {
                    Schema schema = Schema.read(database);
                    List<Table> touched = MigrationFiles.touchedTables(schema, MigrationFiles.versioned(files, step.version()), MAX_TABLES);
                    long fillStart = System.nanoTime();
                    rows.fill(schema, touched, size);
                    fillNanos += System.nanoTime() - fillStart;
                    Optional<MigrationFile> file = MigrationFiles.versioned(files, step.version());
                    boolean watched = repeat == 0 && size == largest && !touched.isEmpty() && file.isPresent()
                            && file.get().content() != null;
                    StatementWatch watch = watched ? watch(touched, size, file.get()) : null;
                    long start = System.nanoTime();
                    try {
                        (watch == null ? migrator : migrator.withCallbacks(watch)).migrateTo(step.version());
                    } finally {
                        if (watch != null) {
                            watch.close();
                        }
                    }
                    long millis = executionMillis(step.version()).orElse(elapsed(start));
                    migrateMillis += millis;
                    Measured entry = measured.computeIfAbsent(step.version(),
                            v -> new Measured(touched.stream().map(Table::name).toList(), new ArrayList<>(), new ArrayList<>()));
                    entry.points().add(new Point(size, millis));
                    if (watch != null) {
                        new StepFindings(step, watch, rowsOf(touched, size)).hazards()
                                .forEach(h -> entry.blocking().add(h.hazard().lock() + " on " + h.hazard().table()));
                        watchedSteps.add(step.version());
                    }
                }
                passes.add("run " + (repeat + 1) + " at " + rows(size) + " rows: filling " + fillNanos / 1_000_000
                        + " ms, migrations " + migrateMillis + " ms");
            }
        }
        // a step that was never watched keeps null: the budget then applies whatever lock it takes
        measured.replaceAll((version, m) -> watchedSteps.contains(version) ? m : new Measured(m.tables(), m.points(), null));
        return passes;
    }

    /** The lock rehearsal's statement watch, without writers: what the step holds, on tables filled to {@code size}. */
    private StatementWatch watch(List<Table> touched, long size, MigrationFile file) {
        LockWaits waits = LockWaits.of(database.engine());
        return new StatementWatch(waits, waits.observer(), database.dataSource(), touched.stream().map(Table::name).toList(),
                rowsOf(touched, size), table -> 0, waitedMillis -> List.of(), file.content());
    }

    private static Map<String, Long> rowsOf(List<Table> touched, long size) {
        Map<String, Long> rows = new HashMap<>();
        touched.forEach(t -> rows.put(t.name().toLowerCase(Locale.ROOT), size));
        return rows;
    }

    /** The fastest run at each size, the points the fit sees. */
    private static List<Point> fastest(List<Point> samples) {
        Map<Long, Long> least = new TreeMap<>();
        samples.forEach(p -> least.merge(p.rows(), p.millis(), Math::min));
        return least.entrySet().stream().map(e -> new Point(e.getKey(), e.getValue())).toList();
    }

    /** E.g. {@code 10,000 rows 12 ms (12, 15)}. */
    private static String describe(long size, List<Point> samples) {
        List<Long> runs = samples.stream().filter(p -> p.rows() == size).map(Point::millis).toList();
        long least = runs.stream().mapToLong(Long::longValue).min().orElse(0);
        return rows(size) + " rows " + least + " ms" + (runs.size() < 2 ? ""
                : " (runs: " + String.join(", ", runs.stream().map(String::valueOf).toList()) + ")");
    }

    /**
     * The verdict on one migration's timings; timings an earlier run measured ({@code reusedFrom},
     * else {@code null}) are judged the same way, and the message and details say whence they came.
     */
    private CheckResult judge(MigrationStep step, Measured measured, String reusedFrom) {
        CheckResult verdict = judge(step, measured);
        if (reusedFrom == null) {
            return verdict;
        }
        List<String> details = new ArrayList<>(verdict.details());
        details.add(1, "timings reused from an earlier run (" + reusedFrom + "), judged now against this run's lock budget"
                + " and production rows");
        return new CheckResult(verdict.check(), verdict.subject(), verdict.status(), verdict.message()
                + " [timings " + reusedFrom + ", reused]", details, verdict.measurements(), verdict.millis());
    }

    private CheckResult judge(MigrationStep step, Measured measured) {
        String subject = subject(step);
        List<String> details = new ArrayList<>();
        List<Point> points = fastest(measured.points());
        details.add("measured: " + String.join("; ", points.stream().map(p -> describe(p.rows(), measured.points())).toList()));
        long largest = points.stream().mapToLong(Point::millis).max().orElse(0);
        if (measured.tables().isEmpty()) {
            return passed(CHECK, subject, "touches no table that exists before it: nothing to fill, not projected",
                    details, Map.of("measuredMaxMillis", largest));
        }
        VolumeFit fit = VolumeFit.of(points);
        details.add("fit: " + fit.describe());
        String table = null;
        long production = -1;
        List<String> undeclared = new ArrayList<>();
        for (String name : measured.tables()) {
            OptionalLong declared = volume.productionRows(name);
            if (declared.isEmpty()) {
                undeclared.add(name);
            } else if (declared.getAsLong() > production) {
                production = declared.getAsLong();
                table = name;
            }
        }
        String tables = String.join(", ", measured.tables());
        if (table == null) {
            details.add("no production size declared for " + tables + " => declare it with @ProductionRows(table = \""
                    + measured.tables().get(0) + "\", rows = ...) or in the production rows file");
            return passed(CHECK, subject, "on " + tables + ": " + fit.describe() + "; measured " + String.join(", ",
                    points.stream().map(p -> p.millis() + " ms at " + rows(p.rows())).toList()) + " rows; not projected,"
                    + " no production size declared", details, Map.of("measuredMaxMillis", largest));
        }
        if (!undeclared.isEmpty()) {
            details.add("no production size declared for " + String.join(", ", undeclared) + ": projected with "
                    + table + "'s");
        }
        long projected = fit.predictMillis(production);
        String projection = "projected " + duration(projected) + " at " + rows(production) + " rows of " + table;
        details.add("projection: " + projection);
        Map<String, Long> numbers = Map.of("measuredMaxMillis", largest, "projectedMillis", projected,
                "productionRows", production);
        long budget = options.lockBudgetMillis();
        if (measured.blocking() != null) {
            details.add(measured.blocking().isEmpty()
                    ? "locks: held no lock that blocks writes while doing work that grows with the table (seen statement by"
                            + " statement at " + rows(points.get(points.size() - 1).rows()) + " rows)"
                    : "locks: held " + String.join(", ", measured.blocking()) + " while doing work that grows with the table");
        }
        if (budget > 0 && projected > budget && measured.blocking() != null && measured.blocking().isEmpty()) {
            return passed(CHECK, subject, projection + ", longer than the lock budget of " + budget + " ms but holding no"
                    + " lock that blocks writes meanwhile; " + fit.describe(), details, numbers);
        }
        if (budget > 0 && projected > budget) {
            return new CheckResult(CHECK, subject, Outcome.Status.FAILED, "V" + step.version() + " (" + step.script()
                    + ") on " + tables + " is " + projection + " (" + fit.model().label() + " fit of "
                    + String.join(", ", points.stream().map(p -> p.millis() + " ms at " + rows(p.rows()))
                            .toList()) + " rows), over the lock budget of " + budget + " ms => at that size the step"
                    + " would hold " + (measured.blocking() == null || measured.blocking().isEmpty() ? "its locks"
                            : String.join(", ", measured.blocking())) + " that long: backfill in batches of a few thousand rows, build indexes"
                    + " concurrently (CREATE INDEX CONCURRENTLY, ALGORITHM=INPLACE LOCK=NONE), add constraints"
                    + " NOT VALID and validate later, and avoid table rewrites", details, numbers, 0);
        }
        // one line with points, fit and projection: the report's table shows a passed step's first line only
        return passed(CHECK, subject, projection + (budget > 0 ? ", within the lock budget of " + budget + " ms" : "")
                + "; " + fit.describe() + "; measured " + String.join(", ", points.stream()
                        .map(p -> p.millis() + " ms at " + rows(p.rows())).toList()) + " rows", details, numbers);
    }

    /** Flyway's own time of the applied migration, which leaves out Flyway's validation and bookkeeping. */
    private OptionalLong executionMillis(String version) {
        return migrator.history().stream()
                .filter(s -> version.equals(s.version()) && s.executionMillis() != null)
                .mapToLong(MigrationStep::executionMillis).reduce((a, b) -> b);
    }

    /** Drops everything in the database's default schema, so the history can run again at the next size. */
    private void wipe() {
        if (!run.wipe()) {
            throw new MigratestException("The volume rehearsal could not wipe " + database.name() + " between sizes:"
                    + " Flyway's clean of the default schema failed or left its history"
                    + migrator.currentVersion().map(v -> " at version " + v).orElse("")
                    + " => the migrations use other schemas (Flyway's schemas setting); run the volume rehearsal on"
                    + " a project whose migrations live in the default schema, or switch it off with"
                    + " @SkipChecks(Check.VOLUME_REHEARSAL)");
        }
    }



    /** E.g. {@code 180 ms}, {@code 12,400 ms (12 s)}, {@code 1,271,651 ms (21 min)}. */
    static String duration(long millis) {
        String exact = rows(millis) + " ms";
        if (millis < 10_000) {
            return exact;
        }
        long seconds = millis / 1000;
        return exact + (seconds < 600 ? " (" + seconds + " s)" : seconds < 36_000 ? " (" + seconds / 60 + " min)"
                : " (" + seconds / 3600 + " h)");
    }

    private static String rows(long rows) {
        return String.format(Locale.ROOT, "%,d", rows);
    }
}
