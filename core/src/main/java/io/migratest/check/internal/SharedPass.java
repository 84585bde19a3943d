package io.migratest.check.internal;

import static io.migratest.check.internal.CheckResults.elapsed;
import static io.migratest.check.internal.CheckResults.failed;
import static io.migratest.check.internal.CheckResults.passed;
import static io.migratest.check.internal.CheckResults.skipped;
import static io.migratest.check.internal.CheckResults.subject;

import io.migratest.MigratestException;
import io.migratest.check.Check;
import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.Schema;
import io.migratest.check.Schema.Table;
import io.migratest.check.internal.MigrationFiles.MigrationFile;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.Dialect;
import io.migratest.db.internal.TableIdentity;
import io.migratest.migrate.MigrationFailedException;
import io.migratest.migrate.MigrationStep;
import io.migratest.migrate.Migrator;
import io.migratest.report.Report;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * One pass over the versions that gives applies from empty, data survives, undo round trip,
 * schema matches snapshot and lock rehearsal their results, on the database of the first
 * {@code Checks} that needs it. Per version: seed rows are topped up (only tables that are new or
 * hold fewer rows than asked; rows seeded earlier stay), the census is taken, the step runs under
 * the lock rehearsal's writers and statement watch (and again alone if it fails under them, as the
 * rehearsal always did), the census is taken again, and where an undo script exists the round trip
 * runs. After the last version the repeatables run and the schema is read once for the snapshot.
 *
 * <p>A step that does not apply even alone ends the pass: the database is wiped and applies from
 * empty runs on it as it does on its own, so a step that only fails on rows is not reported as
 * failing from empty, and the snapshot is compared when every migration applies from empty.
 *
 * <p>Computed once, by whichever check's step asks first; the others wait for it. Each check's
 * steps then report their own results, timed with their own share of the pass.
 */
public final class SharedPass {

    /** The checks the pass gives results to; linear history needs no database. */
    static final List<Check> SHARED = List.of(Check.APPLIES_FROM_EMPTY, Check.DATA_SURVIVES, Check.UNDO_ROUND_TRIP,
            Check.SCHEMA_MATCHES_SNAPSHOT, Check.LOCK_REHEARSAL);
    private static final String REPEATABLES = "repeatable migrations";

    private Results results;
    private Listing listing;
    private Map<String, MigrationFile> undoScripts;

    private SharedPass() {
    }

    /** A pass not run yet. */
    public static SharedPass create() {
        return new SharedPass();
    }

    /** Whether {@code check} takes its results from the pass. */
    public static boolean shares(Check check) {
        return SHARED.contains(check);
    }

    /** The steps of {@code check} as {@code run} lists them, each reporting its result from the pass. */
    public List<CheckStep> steps(Check check, CheckRun run) {
        return run.unlessSwitchedOff(check, () -> {
            if (check == Check.UNDO_ROUND_TRIP && undoScripts(run).isEmpty()) {
                // one skipped step saying so: no pass, and no database to list the migrations on
                return new UndoRoundTripCheck(run).steps();
            }
            StepSequence sequence = run.sequence(check.displayName());
            List<CheckStep> steps = new ArrayList<>();
            for (String subject : subjects(check, run)) {
                steps.add(sequence.step(subject, () -> results(run).of(check, subject), true));
            }
            return steps;
        });
    }

    /**
     * The migrations and undo scripts, listed once for every check (Flyway's info and a scan of
     * the locations per check would cost each check about as much as its share of the pass).
     */
    private synchronized Listing listing(CheckRun run) {
        if (listing == null) {
            listing = new Listing(run.migrations(), undoScripts(run));
        }
        return listing;
    }

    /** The undo scripts, scanned once; unlike the migrations, they are listed without a database. */
    private synchronized Map<String, MigrationFile> undoScripts(CheckRun run) {
        if (undoScripts == null) {
            undoScripts = new UndoRoundTripCheck(run).undoScripts();
        }
        return undoScripts;
    }

    private record Listing(List<MigrationStep> migrations, Map<String, MigrationFile> undoScripts) {
    }

    /** The subjects of {@code check}'s steps, as the check lists them when it runs alone. */
    private List<String> subjects(Check check, CheckRun run) {
        List<MigrationStep> all = listing(run).migrations();
        List<String> subjects = new ArrayList<>();
        switch (check) {
            case SCHEMA_MATCHES_SNAPSHOT -> subjects.add("");
            case UNDO_ROUND_TRIP -> {
                Map<String, MigrationFile> undo = listing(run).undoScripts();
                all.stream().filter(s -> s.version() != null && undo.containsKey(s.version()))
                        .forEach(s -> subjects.add(subject(s)));
            }
            default -> {
                all.stream().filter(s -> s.version() != null).forEach(s -> subjects.add(subject(s)));
                if (check == Check.APPLIES_FROM_EMPTY && all.stream().anyMatch(s -> s.version() == null)) {
                    subjects.add(REPEATABLES);
                }
            }
        }
        return subjects;
    }

    /** The pass's results, computed on {@code run}'s database by the first caller. */
    private synchronized Results results(CheckRun run) {
        if (results == null) {
            Results computed = new Results();
            // Flyway's runs keep connections of their own, so what a migration leaves in its session
            // stays with the migrations, as in one plain Flyway run, and never reaches the census
            try (KeptConnections connections = new KeptConnections(run.database().dataSource());
                    KeptConnections migrations = new KeptConnections(run.database().dataSource())) {
                new Pass(run, computed, connections, migrations).run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                computed.error = new MigratestException("the shared pass of the checks was interrupted", e);
            } catch (MigratestException e) {
                computed.error = e;
            } catch (Exception e) {
                computed.error = new MigratestException("The checks' pass could not run on " + run.database().engine()
                        + " database " + run.database().name() + ": " + e.getMessage(), e);
            }
            results = computed;
        }
        return results;
    }

    /** Each check's result per step subject; what stopped the pass early. */
    private static final class Results {
        final Map<Check, Map<String, CheckResult>> byCheck = new EnumMap<>(Check.class);
        // why the pass ended before a step, so that step reports it instead of a result
        String stoppedWhy;
        RuntimeException error;
        // a step whose work threw, as it would have when its check ran alone, by check and subject
        final Map<String, RuntimeException> thrown = new LinkedHashMap<>();

        void put(Check check, CheckResult result) {
            byCheck.computeIfAbsent(check, c -> new LinkedHashMap<>()).put(result.subject(), result);
        }

        CheckResult of(Check check, String subject) {
            CheckResult result = byCheck.getOrDefault(check, Map.of()).get(subject);
            if (result != null) {
                return result;
            }
            RuntimeException threw = thrown.get(check + subject);
            if (threw != null) {
                throw threw;
            }
            if (error != null) {
                throw error;
            }
            if (stoppedWhy != null) {
                return skipped(check.displayName(), subject, "not run: " + stoppedWhy);
            }
            throw new IllegalStateException("the shared pass gave no result for " + check.displayName() + " [" + subject
                    + "]");
        }
    }

    /** One run of the pass. */
    private static final class Pass {
        private final CheckRun run;
        private final Results results;
        private final TestDatabase database;
        private final Migrator migrator;
        private final CheckOptions options;
        private final Dialect dialect;
        private final RowGenerator generator;
        private final boolean seeds;
        private final boolean writers;
        private final boolean undoes;
        // the tables the last top-up seeded
        private Set<String> seededTables = Set.of();

        private final KeptConnections connections;
        private final KeptConnections migrations;

        Pass(CheckRun run, Results results, KeptConnections connections, KeptConnections migrations) {
            this.connections = connections;
            this.migrations = migrations;
            this.run = run;
            this.results = results;
            this.database = run.database();
            // 26 versions are 26 Flyway runs: each would otherwise log in twice
            this.migrator = run.migrator().onConnections(migrations);
            this.options = run.options();
            this.dialect = Dialect.of(database.engine());
            this.generator = new RowGenerator(database.engine(), run.counter());
            this.seeds = on(Check.DATA_SURVIVES) || on(Check.LOCK_REHEARSAL);
            this.writers = on(Check.LOCK_REHEARSAL);
            this.undoes = on(Check.UNDO_ROUND_TRIP);
        }

        private boolean on(Check check) {
            return !options.switchedOff().containsKey(check);
        }

        void run() throws Exception {
            List<MigrationStep> all = run.migrations();
            List<MigrationStep> versions = all.stream().filter(s -> s.version() != null).toList();
            List<MigrationFile> files = MigrationFiles.scan(migrator.locations(), SharedPass.class.getClassLoader());
            UndoRoundTripCheck undo = new UndoRoundTripCheck(run, migrations, connections, migrator);
            Map<String, MigrationFile> undoScripts = undo.undoScripts();
            DataSurvivesCheck survives = new DataSurvivesCheck(run);
            LockRehearsalCheck rehearsal = new LockRehearsalCheck(run, connections, migrator);
            Schema schema;
            try (Connection connection = connections.getConnection()) {
                schema = read(connection, !versions.isEmpty() && roundTrips(undoScripts, versions.get(0)));
            }
            Map<String, Long> rows = new LinkedHashMap<>();
            // the census the step before left, while no undo has changed the database since
            Census left = null;
            for (int i = 0; i < versions.size(); i++) {
                MigrationStep step = versions.get(i);
                String subject = subject(step);
                boolean first = i == 0;
                String previous = first ? "an empty database" : "a database at version " + versions.get(i - 1).version();
                Optional<MigrationFile> file = MigrationFiles.versioned(files, step.version());
                Schema schemaBefore = schema;

                // seed and count; the first version has no table to seed
                long seedStart = System.nanoTime();
                RowGenerator.Seeded seeded = new RowGenerator.Seeded(Map.of(), List.of(), Map.of(), options.rowsPerTable());
                Census before;
                Map<String, TableIdentity> identitiesBefore;
                try (Connection connection = connections.getConnection()) {
                    if (seeds && !first) {
                        seeded = topUp(connection, schemaBefore, rows);
                    }
                    before = censusBefore(connection, schemaBefore, left);
                    identitiesBefore = dialect.tableIdentities(connection);
                }
                long surviveMillis = elapsed(seedStart);

                // the step, under the writers; alone when it failed under them or has no rehearsal
                LockRehearsalCheck.Rehearsal rehearsed = new LockRehearsalCheck.Rehearsal();
                if (writers) {
                    long start = System.nanoTime();
                    RowGenerator.Seeded forWriters = seeded;
                    CheckResult lock = rehearsal.rehearse(step, file, schemaBefore, generator,
                            (connection, tables) -> restricted(forWriters, tables), rehearsed);
                    results.put(Check.LOCK_REHEARSAL, withMillis(lock, elapsed(start)));
                }
                if (!rehearsed.applied && !rehearsed.ranAlone) {
                    long start = System.nanoTime();
                    try {
                        migrator.migrateTo(step.version());
                        rehearsed.applied = true;
                    } catch (MigrationFailedException e) {
                        rehearsed.failure = e;
                    }
                    if (!writers) {
                        rehearsed.migrationMillis = elapsed(start);
                    }
                }
                if (!rehearsed.applied) {
                    results.put(Check.DATA_SURVIVES, withMillis(first
                            ? failed(DataSurvivesCheck.CHECK, subject, "V" + step.version() + " (" + step.script()
                                    + ") does not apply on an empty database => fix the migration (the check \"applies"
                                    + " from empty\" shows the same failure)", List.of(rehearsed.failure.getMessage()))
                            : DataSurvivesCheck.failsWithRows(step, before, seeded, rehearsed.failure), surviveMillis));
                    fromEmpty(step, rehearsed.failure);
                    return;
                }
                long migrationMillis = rehearsed.migrationMillis;
                results.put(Check.APPLIES_FROM_EMPTY, withMillis(passed(Check.APPLIES_FROM_EMPTY.displayName(), subject,
                        "applied on " + previous + " in " + migrationMillis + " ms"), migrationMillis));

                // the census after the step, without the rows the writers added
                long afterStart = System.nanoTime();
                Census census;
                try (Connection connection = connections.getConnection()) {
                    // whole only for an undo round trip, which compares the schema before and after
                    schema = read(connection, roundTrips(undoScripts, step)
                            || i + 1 < versions.size() && roundTrips(undoScripts, versions.get(i + 1)));
                    Renames renames = file.map(f -> Renames.in(f.content())).orElse(Renames.none())
                            .withCatalog(identitiesBefore, dialect.tableIdentities(connection));
                    census = Census.take(connection, database.engine(), schema, before, renames);
                    if (first) {
                        results.put(Check.DATA_SURVIVES, CheckResults.measured(passed(DataSurvivesCheck.CHECK, subject,
                                "first migration: no tables to seed before it"), Map.of("tablesSeeded", 0L,
                                "tablesPresent", 0L)));
                    } else {
                        CheckResult compared = survives.compareCensus(DataSurvivesCheck.CHECK, step, before,
                                withoutWriterRows(census, rehearsed.writerRows, renames), renames, seeded.notes());
                        results.put(Check.DATA_SURVIVES, withMillis(survives.withSeeding(DataSurvivesCheck.CHECK, step,
                                compared, seeded), surviveMillis + elapsed(afterStart)));
                    }
                }
                rows = counts(census);
                left = census;

                MigrationFile script = undoScripts.get(step.version());
                if (undoes && script != null) {
                    long start = System.nanoTime();
                    CheckResult roundTrip;
                    try {
                        roundTrip = undo.roundTrip(step, versions, script, schemaBefore.toText(), schema.toText());
                    } catch (MigratestException e) {
                        results.thrown.put(Check.UNDO_ROUND_TRIP + subject, e);
                        roundTrip = null;
                    }
                    if (roundTrip != null) {
                        results.put(Check.UNDO_ROUND_TRIP, withMillis(roundTrip, elapsed(start)));
                    }
                    if (roundTrip == null || roundTrip.failed()) {
                        Optional<String> why = restore(undo, step, script);
                        if (why.isPresent()) {
                            results.stoppedWhy = why.get();
                            return;
                        }
                    }
                    // the undo may have dropped rows or tables the next steps seed again
                    left = null;
                    try (Connection connection = connections.getConnection()) {
                        schema = read(connection, i + 1 < versions.size() && roundTrips(undoScripts, versions.get(i + 1)));
                        rows = counts(connection, schema);
                    }
                }
            }
            finish(all);
        }

        /**
         * The schema now: whole when {@code whole} (an undo round trip compares it as text),
         * else its tables and types only, which is what seeding, the census and the writers read;
         * the snapshot reads it whole once at the end.
         */
        private Schema read(Connection connection, boolean whole) throws SQLException {
            return whole ? dialect.readSchema(connection) : dialect.readTables(connection);
        }

        /** Whether {@code step} has an undo script whose round trip this pass runs. */
        private boolean roundTrips(Map<String, MigrationFile> undoScripts, MigrationStep step) {
            return undoes && undoScripts.containsKey(step.version());
        }

        /** After the last version: the repeatables, then the schema read once for the snapshot. */
        private void finish(List<MigrationStep> all) throws SQLException {
            if (all.stream().anyMatch(s -> s.version() == null)) {
                long start = System.nanoTime();
                try {
                    migrator.migrate();
                    results.put(Check.APPLIES_FROM_EMPTY, withMillis(passed(Check.APPLIES_FROM_EMPTY.displayName(),
                            REPEATABLES, "applied"), elapsed(start)));
                } catch (MigrationFailedException e) {
                    results.put(Check.APPLIES_FROM_EMPTY, withMillis(failed(Check.APPLIES_FROM_EMPTY.displayName(),
                            REPEATABLES, "a repeatable migration does not apply after the versioned ones => fix it",
                            List.of(e.getMessage())), elapsed(start)));
                    snapshotNotComparable("a repeatable migration does not apply (see applies from empty)");
                    return;
                }
            }
            snapshot();
        }

        private void snapshot() throws SQLException {
            if (!on(Check.SCHEMA_MATCHES_SNAPSHOT)) {
                return;
            }
            long start = System.nanoTime();
            Schema migrated;
            try (Connection connection = connections.getConnection()) {
                migrated = SchemaReader.read(connection, database.engine());
            }
            results.put(Check.SCHEMA_MATCHES_SNAPSHOT, withMillis(new SchemaSnapshotCheck(run).compare(migrated),
                    elapsed(start)));
        }

        private void snapshotNotComparable(String why) {
            results.put(Check.SCHEMA_MATCHES_SNAPSHOT, failed(SchemaSnapshotCheck.CHECK, "", "the migrated schema could"
                    + " not be compared with the snapshot: " + why, List.of()));
        }

        /**
         * The pass stops at {@code step}, which does not apply even alone on the seeded database:
         * applies from empty then runs as it does on its own, on the database wiped, so that a step
         * failing only on rows is not reported as failing from empty; the snapshot is compared
         * when every migration applies from empty.
         */
        private void fromEmpty(MigrationStep step, MigrationFailedException failure) throws SQLException {
            String name = "V" + step.version() + " (" + step.script() + ")";
            results.stoppedWhy = name + " does not apply on the checks' database (see data survives)";
            if (!wipe()) {
                results.put(Check.APPLIES_FROM_EMPTY, failed(Check.APPLIES_FROM_EMPTY.displayName(), subject(step),
                        name + " does not apply on a database at the version before it, holding generated rows => fix"
                                + " the migration", List.of(failure.getMessage())));
                snapshotNotComparable(name + " does not apply (see applies from empty)");
                return;
            }
            CheckRun alone = new CheckRun(database, migrator, options, Report.create());
            boolean applied = true;
            for (CheckStep applies : new AppliesFromEmptyCheck(alone).steps()) {
                CheckResult result;
                try {
                    result = applies.run();
                } catch (MigratestException e) {
                    results.thrown.put(Check.APPLIES_FROM_EMPTY + applies.subject(), e);
                    applied = false;
                    continue;
                }
                results.put(Check.APPLIES_FROM_EMPTY, result);
                applied &= result.passed();
            }
            if (applied) {
                snapshot();
            } else {
                snapshotNotComparable("a migration does not apply from empty (see applies from empty)");
            }
        }

        /** Drops everything in the default schema; false when Flyway's history survives (other schemas). */
        private boolean wipe() {
            try {
                Flyway.configure(SharedPass.class.getClassLoader()).dataSource(database.dataSource())
                        .cleanDisabled(false).load().clean();
            } catch (FlywayException e) {
                return false;
            }
            return migrator.currentVersion().isEmpty();
        }

        /**
         * After an undo round trip that failed, the database back at {@code step} for the next
         * versions: the step forgotten and applied again, or, when it does not apply again, the
         * database wiped and migrated to it (the next steps seed every table again); why the pass
         * cannot go on, when neither works.
         */
        private Optional<String> restore(UndoRoundTripCheck undo, MigrationStep step, MigrationFile script)
                throws SQLException {
            try {
                undo.forget(step.version());
                migrator.migrateTo(step.version());
                return Optional.empty();
            } catch (MigratestException e) {
                // left as the undo made it: start again from empty
            }
            try {
                if (wipe()) {
                    migrator.migrateTo(step.version());
                    return Optional.empty();
                }
            } catch (MigratestException e) {
                // reported below
            }
            return Optional.of("after " + script.name() + " failed its round trip, the checks' database could not be"
                    + " brought back to V" + step.version() + " (see undo round trip)");
        }

        /**
         * The census before a step: the one the step before left, read again only for the tables
         * seeded since, the new ones, and those whose key changed (so that every key is labelled
         * with the table's columns now); read whole when there is none to start from.
         */
        private Census censusBefore(Connection connection, Schema schema, Census left) throws SQLException {
            if (left == null) {
                return Census.take(connection, database.engine(), schema, null);
            }
            List<Table> stale = new ArrayList<>();
            for (Table table : schema.tables()) {
                Optional<Census.TableCount> was = left.table(table.name());
                if (was.isEmpty() || seededTables.contains(table.name())
                        || !was.get().keyColumns().equals(table.identifyingColumns())) {
                    stale.add(table);
                }
            }
            Census read = Census.take(connection, database.engine(), new Schema(schema.engine(), stale, schema.types()),
                    null);
            Map<String, Census.TableCount> tables = new LinkedHashMap<>();
            for (Table table : schema.tables()) {
                tables.put(table.name(), read.table(table.name()).or(() -> left.table(table.name())).orElseThrow());
            }
            return new Census(tables);
        }

        /**
         * Rows for the tables of {@code schema} that are new or hold fewer rows than asked
         * ({@code rows}, lower-case names); rows seeded earlier stay. What seeding did, with the
         * tables already full counted as seeded.
         */
        private RowGenerator.Seeded topUp(Connection connection, Schema schema, Map<String, Long> rows)
                throws SQLException {
            int asked = options.rowsPerTable();
            List<Table> wanting = schema.tables().stream()
                    .filter(t -> rows.getOrDefault(t.name().toLowerCase(Locale.ROOT), 0L) < asked).toList();
            seededTables = wanting.stream().map(Table::name).collect(Collectors.toSet());
            RowGenerator.Seeded seeded = wanting.isEmpty()
                    ? new RowGenerator.Seeded(Map.of(), List.of(), Map.of(), asked)
                    : generator.seed(connection, new Schema(schema.engine(), wanting, schema.types()), asked);
            Map<String, Integer> inserted = new LinkedHashMap<>();
            for (Table table : schema.tables()) {
                Integer now = seeded.inserted().get(table.name());
                inserted.put(table.name(), now != null ? now
                        : (int) Math.min(Integer.MAX_VALUE, rows.getOrDefault(table.name().toLowerCase(Locale.ROOT), 0L)));
            }
            return new RowGenerator.Seeded(inserted, seeded.notes(), seeded.shortfalls(), asked);
        }
    }

    /** What seeding did for the tables of {@code tables} only. */
    static RowGenerator.Seeded restricted(RowGenerator.Seeded seeded, Schema tables) {
        Map<String, Integer> inserted = new LinkedHashMap<>();
        Map<String, String> shortfalls = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Table table : tables.tables()) {
            seeded.inserted().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(table.name())).findFirst()
                    .ifPresent(e -> inserted.put(e.getKey(), e.getValue()));
            seeded.shortfalls().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(table.name())).findFirst()
                    .ifPresent(e -> {
                        shortfalls.put(e.getKey(), e.getValue());
                        notes.add("table " + e.getKey() + ": " + e.getValue());
                    });
        }
        return new RowGenerator.Seeded(inserted, notes, shortfalls, seeded.asked());
    }

    /** {@code census} without the rows the writers inserted (a renamed table's under its old name). */
    static Census withoutWriterRows(Census census, Map<String, Long> writerRows, Renames renames) {
        if (writerRows.isEmpty()) {
            return census;
        }
        Map<String, Census.TableCount> tables = new LinkedHashMap<>();
        census.tables().forEach((table, count) -> {
            String written = renames.tableBefore(table).orElse(table);
            long added = writerRows.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(written))
                    .mapToLong(Map.Entry::getValue).sum();
            tables.put(table, new Census.TableCount(Math.max(0, count.rows() - added), count.keyColumns(), count.keys()));
        });
        return new Census(tables);
    }

    private static Map<String, Long> counts(Census census) {
        Map<String, Long> rows = new LinkedHashMap<>();
        census.tables().forEach((table, count) -> rows.put(table.toLowerCase(Locale.ROOT), count.rows()));
        return rows;
    }

    private static Map<String, Long> counts(Connection connection, Schema schema) throws SQLException {
        Dialect quoting = Dialect.of(schema.engine());
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Table table : schema.tables()) {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + quoting.quote(table.name()))) {
                rs.next();
                rows.put(table.name().toLowerCase(Locale.ROOT), rs.getLong(1));
            }
        }
        return rows;
    }

    private static CheckResult withMillis(CheckResult result, long millis) {
        return new CheckResult(result.check(), result.subject(), result.status(), result.message(), result.details(),
                result.measurements(), millis);
    }
}
