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
import io.migratest.db.internal.CatalogDialect;
import io.migratest.db.internal.Dialect;
import io.migratest.db.internal.TableIdentity;
import io.migratest.fixture.internal.SqlScript;
import io.migratest.migrate.MigrationFailedException;
import io.migratest.migrate.MigrationStep;
import io.migratest.migrate.Migrator;
import io.migratest.report.Report;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * One pass over the versions that gives applies from empty, data survives, undo round trip,
 * schema matches snapshot and lock rehearsal their results, on the database of the first
 * {@code Checks} that needs it. Per version: seed rows are topped up (only tables that are new or
 * hold fewer rows than asked; rows seeded earlier stay), the census is taken, the step runs under
 * the lock rehearsal's writers and statement watch (and again alone if it fails under them, as the
 * rehearsal always did, on the database built again at the version before it, seeded and counted
 * again), the census is taken again, and where an undo script exists the round trip runs. After
 * the last version the repeatables run and the schema is read once for the snapshot. The
 * versions between two undo round trips migrate in one Flyway run, each version's own work done
 * from Flyway's callbacks (see {@code Pass#run}); between versions only the tables are read.
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
    private static final Pattern ROW_STATEMENT = Pattern.compile("\\s*(INSERT|UPDATE|DELETE)\\s",
            Pattern.CASE_INSENSITIVE);

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
                new Pass(run, computed, connections, migrations, listing(run)).run();
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
        // the migrations and undo scripts the checks' steps were listed from, so as not to ask Flyway again
        private final Listing listing;

        Pass(CheckRun run, Results results, KeptConnections connections, KeptConnections migrations, Listing listing) {
            this.listing = listing;
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

        // what the pass goes through, set when it starts
        private List<MigrationStep> versions;
        private List<MigrationFile> files;
        private UndoRoundTripCheck undo;
        private Map<String, MigrationFile> undoScripts;
        private DataSurvivesCheck survives;
        private LockRehearsalCheck rehearsal;
        // the schema now, the rows per table (lower-case names) and the census the step before left,
        // while no undo has changed the database since
        private Schema schema;
        private Map<String, Long> rows = new LinkedHashMap<>();
        private Census left;
        // the name of Flyway's history table, once it exists
        private String history;
        // the step of an undo round trip that the next Flyway run applies again, until it did
        private Reapplying reapplying;
        // the tables' identities after the step before, while no undo has changed the database since
        private Map<String, TableIdentity> identitiesLeft;

        /**
         * The versions in as few Flyway runs as the undo round trips allow: one run up to the next
         * version with an undo script (the round trip runs between versions, and the next run
         * applies the undone version again before the next one), each version's own
         * work done from Flyway's callbacks as it starts and once it committed. A run that fails
         * ends at the failing version, which then is handled as when each version was a run of its
         * own, and the next run starts after it.
         */
        void run() throws Exception {
            List<MigrationStep> all = listing.migrations();
            versions = all.stream().filter(s -> s.version() != null).toList();
            files = MigrationFiles.scan(migrator.locations(), SharedPass.class.getClassLoader());
            undo = new UndoRoundTripCheck(run, migrations, connections, migrator);
            undoScripts = listing.undoScripts();
            survives = new DataSurvivesCheck(run);
            rehearsal = new LockRehearsalCheck(run, connections, migrator);
            try (Connection connection = connections.getConnection()) {
                schema = read(connection, !versions.isEmpty() && roundTrips(undoScripts, versions.get(0)));
            }
            int from = 0;
            while (from < versions.size()) {
                int to = from;
                while (to < versions.size() - 1 && !roundTrips(undoScripts, versions.get(to))) {
                    to++;
                }
                Batch batch = new Batch(from, to);
                MigrationFailedException failure = null;
                try {
                    migrator.withCallbacks(batch).migrateTo(versions.get(to).version());
                } catch (MigrationFailedException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    batch.abandon();
                    throw e;
                }
                if (batch.error != null) {
                    batch.abandon();
                    throw batch.error;
                }
                if (batch.stopped) {
                    return;
                }
                if (reapplying != null) {
                    // the run ended before a version after the step applied again began: that step
                    // failed (the next run starts after it again), or nothing came after it
                    if (!reapplied(failure)) {
                        return;
                    }
                    if (failure != null) {
                        continue;
                    }
                }
                Step last = batch.open;
                if (last == null && batch.ended != null) {
                    // what ran after the last version was no version (a repeatable migration): the
                    // next run, or the repeatables' own at the end, meets it again
                    from = batch.ended.index + 1;
                    continue;
                }
                if (last == null) {
                    // the run failed (or ran nothing) before its first version began: that version
                    // is reported as when it ran alone and failed so
                    last = before(from);
                }
                if (!after(last, failure)) {
                    return;
                }
                from = last.index + 1;
            }
            finish(all);
        }

        /** One version of the pass, from its seeding to its census after. */
        private final class Step {
            final int index;
            final MigrationStep step;
            final String subject;
            final boolean first;
            final String previous;
            final Optional<MigrationFile> file;
            final Schema schemaBefore;
            RowGenerator.Seeded seeded;
            Census before;
            Map<String, TableIdentity> identitiesBefore;
            long surviveMillis;
            final LockRehearsalCheck.Rehearsal rehearsed = new LockRehearsalCheck.Rehearsal();
            LockRehearsalCheck.Rehearsing rehearsing;
            long lockStart;
            long start;

            Step(int index) {
                this.index = index;
                this.step = versions.get(index);
                this.subject = subject(step);
                this.first = index == 0;
                this.previous = first ? "an empty database" : "a database at version " + versions.get(index - 1).version();
                this.file = MigrationFiles.versioned(files, step.version());
                this.schemaBefore = schema;
            }

            /** The step's statement watch, or {@code null} when it runs with no writer. */
            Callback watch() {
                return rehearsing == null ? null : rehearsing.watch();
            }
        }

        /**
         * The Flyway callback of one run over versions {@code from} to {@code to}: as each starts,
         * the one before it (committed by then) is ended and the new one begun, and the statement
         * events go to the running version's watch. An error of the pass's own work is kept and
         * ends the run.
         */
        private final class Batch implements Callback {
            private final int to;
            private int next;
            Step open;
            // the last version ended within the run
            Step ended;
            Exception error;
            boolean stopped;

            Batch(int from, int to) {
                this.next = from;
                this.to = to;
            }

            @Override
            public boolean supports(Event event, Context context) {
                return StatementWatch.STEP_EVENTS.contains(event);
            }

            @Override
            public boolean canHandleInTransaction(Event event, Context context) {
                return true;
            }

            @Override
            public void handle(Event event, Context context) {
                if (event == Event.BEFORE_EACH_MIGRATE) {
                    MigrationInfo info = context.getMigrationInfo();
                    String version = info == null || info.getVersion() == null ? null : info.getVersion().getVersion();
                    try {
                        if (reapplying != null && !versions.get(reapplying.index()).version().equals(version)) {
                            // the step applied again after its undo committed
                            String again = versions.get(reapplying.index()).version();
                            if (!reapplied(null)) {
                                stopped = true;
                                throw new FlywayException("the checks' pass stopped after applying " + again + " again");
                            }
                        }
                        if (open != null) {
                            Step done = open;
                            open = null;
                            ended = done;
                            if (!after(done, null)) {
                                stopped = true;
                                throw new FlywayException("the checks' pass stopped after " + done.subject);
                            }
                            next = done.index + 1;
                        }
                        if (version == null || next > to || !versions.get(next).version().equals(version)) {
                            return; // not a version of this run's (e.g. a repeatable migration): no step of the pass
                        }
                        open = before(next);
                    } catch (FlywayException e) {
                        throw e;
                    } catch (Exception e) {
                        error = e;
                        throw new FlywayException("the checks' pass failed before " + version + ": " + e.getMessage(), e);
                    }
                }
                Callback watch = open == null ? null : open.watch();
                if (watch != null && watch.supports(event, context)) {
                    watch.handle(event, context);
                }
            }

            /** Stops the writers of the version running, after a run ended by an error of the pass's own. */
            void abandon() throws InterruptedException {
                if (open != null && open.rehearsing != null) {
                    open.rehearsing.abandon();
                }
            }

            @Override
            public String getCallbackName() {
                return "migratest-shared-pass";
            }
        }

        /**
         * A version begun: seed rows topped up (the first version has no table to seed), the
         * census and table identities taken, and its rehearsal made ready (writers prepared; they
         * begin with the step's first callback).
         */
        private Step before(int index) throws Exception {
            Step step = new Step(index);
            long seedStart = System.nanoTime();
            step.seeded = new RowGenerator.Seeded(Map.of(), List.of(), Map.of(), options.rowsPerTable());
            try (Connection connection = connections.getConnection()) {
                if (seeds && !step.first) {
                    step.seeded = topUp(connection, step.schemaBefore, rows);
                }
                step.before = censusBefore(connection, step.schemaBefore, left);
                // seeding changes no table's identity: the ones read after the step before still hold
                step.identitiesBefore = identitiesLeft != null ? identitiesLeft : dialect.tableIdentities(connection);
            }
            step.surviveMillis = elapsed(seedStart);
            if (writers) {
                step.lockStart = System.nanoTime();
                RowGenerator.Seeded forWriters = step.seeded;
                Census counted = step.before;
                step.rehearsing = rehearsal.begin(step.step, step.file, step.schemaBefore, generator,
                        new LockRehearsalCheck.Seeding() {
                            @Override
                            public RowGenerator.Seeded seed(Connection connection, Schema tables) {
                                return restricted(forWriters, tables);
                            }

                            @Override
                            public long counted(Table table) {
                                // the census was taken after the seeding, just now
                                return counted.table(table.name()).map(Census.TableCount::rows).orElse(-1L);
                            }

                            @Override
                            public RowGenerator.Seeded again(Connection connection, Schema tables) throws SQLException {
                                againAtVersionBefore(step, connection);
                                return restricted(step.seeded, tables);
                            }
                        }, step.rehearsed);
            }
            step.start = System.nanoTime();
            return step;
        }

        /**
         * The version begun again, for its run alone after it failed under the writers, on the
         * database wiped and migrated back to the version before it: every table topped up as
         * before the step (all are empty now), and the census and table identities the step's data
         * survives and renames compare with taken again.
         */
        private void againAtVersionBefore(Step step, Connection connection) throws SQLException {
            step.seeded = step.first ? step.seeded : topUp(connection, step.schemaBefore, Map.of());
            step.before = Census.take(connection, database.engine(), step.schemaBefore, null);
            step.identitiesBefore = dialect.tableIdentities(connection);
        }

        /**
         * A version ended, once it committed ({@code failure} null) or failed: its rehearsal's
         * result (a step failing under the writers runs again alone), applies from empty, the
         * census after it and data survives, and its undo round trip where a script exists; false
         * when the pass cannot go on.
         */
        private boolean after(Step current, MigrationFailedException failure) throws Exception {
            MigrationStep step = current.step;
            String subject = current.subject;
            LockRehearsalCheck.Rehearsal rehearsed = current.rehearsed;
            if (writers) {
                CheckResult lock = current.rehearsing.end(failure);
                results.put(Check.LOCK_REHEARSAL, withMillis(lock, elapsed(current.lockStart)));
            } else {
                rehearsed.migrationMillis = elapsed(current.start);
                if (failure == null) {
                    rehearsed.applied = true;
                } else {
                    rehearsed.failure = failure;
                }
            }
            if (!rehearsed.applied) {
                results.put(Check.DATA_SURVIVES, withMillis(current.first
                        ? failed(DataSurvivesCheck.CHECK, subject, "V" + step.version() + " (" + step.script()
                                + ") does not apply on an empty database => fix the migration (the check \"applies"
                                + " from empty\" shows the same failure)", List.of(rehearsed.failure.getMessage()))
                        : DataSurvivesCheck.failsWithRows(step, current.before, current.seeded, rehearsed.failure),
                        current.surviveMillis));
                fromEmpty(step, rehearsed.failure);
                return false;
            }
            long migrationMillis = rehearsed.migrationMillis;
            results.put(Check.APPLIES_FROM_EMPTY, withMillis(passed(Check.APPLIES_FROM_EMPTY.displayName(), subject,
                    "applied on " + current.previous + " in " + migrationMillis + " ms"), migrationMillis));

            // the census after the step, without the rows the writers added
            long afterStart = System.nanoTime();
            Census census;
            int i = current.index;
            try (Connection connection = connections.getConnection()) {
                // whole only for an undo round trip, which compares the schema before and after
                boolean whole = roundTrips(undoScripts, step)
                        || i + 1 < versions.size() && roundTrips(undoScripts, versions.get(i + 1));
                if (!whole && mayKeepTables(current, connection)) {
                    identitiesLeft = dialect.tableIdentities(connection);
                    if (!identitiesLeft.equals(current.identitiesBefore)) {
                        schema = read(connection, false);
                    }
                } else {
                    // the identities come with the tables, read by the same query on PostgreSQL
                    CatalogDialect.Catalog read = readWithIdentities(connection, whole);
                    schema = read.schema();
                    identitiesLeft = read.identities();
                }
                Renames renames = current.file.map(f -> Renames.in(f.content())).orElse(Renames.none())
                        .withCatalog(current.identitiesBefore, identitiesLeft);
                census = Census.take(connection, database.engine(), schema, current.before, renames);
                if (current.first) {
                    results.put(Check.DATA_SURVIVES, CheckResults.measured(passed(DataSurvivesCheck.CHECK, subject,
                            "first migration: no tables to seed before it"), Map.of("tablesSeeded", 0L,
                            "tablesPresent", 0L)));
                } else {
                    CheckResult compared = survives.compareCensus(DataSurvivesCheck.CHECK, step, current.before,
                            withoutWriterRows(census, rehearsed.writerRows, renames), renames, current.seeded.notes());
                    results.put(Check.DATA_SURVIVES, withMillis(survives.withSeeding(DataSurvivesCheck.CHECK, step,
                            compared, current.seeded), current.surviveMillis + elapsed(afterStart)));
                }
            }
            rows = counts(census);
            left = census;

            MigrationFile script = undoScripts.get(step.version());
            if (undoes && script != null) {
                long start = System.nanoTime();
                CheckResult roundTrip;
                try {
                    Optional<CheckResult> undone = undo.undo(step, versions, script, current.schemaBefore.toText(),
                            schema.toText());
                    if (undone.isEmpty() && i + 1 < versions.size()) {
                        // the next Flyway run applies the step again before the next version: one run less
                        reapplying = new Reapplying(i, script, start);
                        return true;
                    }
                    roundTrip = undone.isPresent() ? undone.get() : appliedAgain(step, script);
                } catch (MigratestException e) {
                    results.thrown.put(Check.UNDO_ROUND_TRIP + subject, e);
                    roundTrip = null;
                }
                return roundTripped(i, script, roundTrip, start);
            }
            return true;
        }

        /** The step of an undo round trip that the next Flyway run applies again, before the next version. */
        private record Reapplying(int index, MigrationFile script, long start) {
        }

        /** The last step of the versions, applied again after its undo in a run of its own. */
        private CheckResult appliedAgain(MigrationStep step, MigrationFile script) {
            try {
                migrator.migrateTo(step.version());
            } catch (MigrationFailedException e) {
                return undo.notAppliedAgain(step, script, e);
            }
            return undo.appliedAgain(step, versions, script);
        }

        /**
         * The step {@link #reapplying} applied again ({@code failure} null) or not: its round
         * trip's result, and the database made ready for the next version; false when the pass
         * cannot go on.
         */
        private boolean reapplied(MigrationFailedException failure) throws SQLException {
            Reapplying done = reapplying;
            reapplying = null;
            MigrationStep step = versions.get(done.index());
            CheckResult roundTrip = failure == null ? undo.appliedAgain(step, versions, done.script())
                    : undo.notAppliedAgain(step, done.script(), failure);
            return roundTripped(done.index(), done.script(), roundTrip, done.start());
        }

        /**
         * After the undo round trip of version {@code i} ({@code roundTrip} null when it threw):
         * its result, the database brought back to the version when the round trip failed, and
         * the tables read and counted again; false when the pass cannot go on.
         */
        private boolean roundTripped(int i, MigrationFile script, CheckResult roundTrip, long start)
                throws SQLException {
            MigrationStep step = versions.get(i);
            if (roundTrip != null) {
                results.put(Check.UNDO_ROUND_TRIP, withMillis(roundTrip, elapsed(start)));
            }
            if (roundTrip == null || roundTrip.failed()) {
                Optional<String> why = restore(undo, step, script);
                if (why.isPresent()) {
                    results.stoppedWhy = why.get();
                    return false;
                }
            }
            // the undo may have dropped rows or tables the next steps seed again: the tables are
            // counted while their keys are read, so the next census before reads again only the
            // tables seeded since (as after any step), not every table a second time
            try (Connection connection = connections.getConnection()) {
                // the database is at the version again, as the next version's census finds it
                CatalogDialect.Catalog read = readWithIdentities(connection,
                        i + 1 < versions.size() && roundTrips(undoScripts, versions.get(i + 1)));
                schema = read.schema();
                identitiesLeft = read.identities();
                left = Census.take(connection, database.engine(), schema, null);
                rows = counts(left);
            }
            return true;
        }

        /**
         * Whether the step just applied may have left every table's definition as it found it, so
         * the tables read before it still hold if their identities did not change either: only
         * for an SQL step whose statements all insert, update or delete rows, where the engine
         * rules out a trigger or function doing DDL. Anything else (a Java step, a call, a
         * placeholder, DDL) is read again.
         */
        private boolean mayKeepTables(Step step, Connection connection) throws SQLException {
            return step.schemaBefore != null && rowsOnly(step.file)
                    && !dialect.rowStatementsMayChangeTables(connection);
        }

        /**
         * The schema now: whole when {@code whole} (an undo round trip compares it as text),
         * else its tables and types only, which is what seeding, the census and the writers read;
         * the snapshot reads it whole once at the end.
         */
        private Schema read(Connection connection, boolean whole) throws SQLException {
            if (whole) {
                return dialect.readSchema(connection);
            }
            // Flyway's history table keeps its name once it exists: found once, not before every read
            if (history == null) {
                history = dialect.historyTable(connection).orElse(null);
            }
            return dialect.readTables(connection, history);
        }

        /** As {@link #read}, with the tables' identities at the same moment. */
        private CatalogDialect.Catalog readWithIdentities(Connection connection, boolean whole) throws SQLException {
            if (!whole && history == null) {
                history = dialect.historyTable(connection).orElse(null);
            }
            return dialect.readWithIdentities(connection, whole, history);
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
            if (!run.wipe()) {
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
                if (run.wipe()) {
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

    /**
     * Whether {@code file} is an SQL migration whose every statement inserts, updates or deletes
     * rows (no DDL, no call, no {@code WITH}, no Flyway placeholder that could stand for anything).
     */
    static boolean rowsOnly(Optional<MigrationFile> file) {
        if (file.isEmpty() || file.get().java() || file.get().content() == null) {
            return false;
        }
        List<SqlScript.Statement> statements = SqlScript.split(file.get().content(), false);
        return !statements.isEmpty() && statements.stream().map(SqlScript.Statement::sql)
                .allMatch(sql -> ROW_STATEMENT.matcher(sql).lookingAt() && !sql.contains("${"));
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

    private static CheckResult withMillis(CheckResult result, long millis) {
        return new CheckResult(result.check(), result.subject(), result.status(), result.message(), result.details(),
                result.measurements(), millis);
    }
}
