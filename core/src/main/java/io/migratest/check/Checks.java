package io.migratest.check;

import io.migratest.MigratestException;
import io.migratest.check.Schema.Table;
import io.migratest.check.internal.BaselineFile;
import io.migratest.check.internal.Census;
import io.migratest.check.internal.LockProbe;
import io.migratest.check.internal.MigrationFiles;
import io.migratest.check.internal.MigrationFiles.MigrationFile;
import io.migratest.check.internal.RowGenerator;
import io.migratest.check.internal.SchemaReader;
import io.migratest.check.internal.SnapshotFile;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.fixture.internal.SqlScript;
import io.migratest.migrate.MigrationFailedException;
import io.migratest.migrate.MigrationStep;
import io.migratest.migrate.Migrator;
import io.migratest.report.Outcome;
import io.migratest.report.Report;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The built-in migration checks, usable from any test runner. Each check is a list of
 * {@link CheckStep}s, usually one per migration version, that must run in order on one new,
 * empty database; run each check on a database of its own.
 *
 * <pre>{@code
 * try (TestDatabase db = server.createDatabase()) {
 *     Migrator migrator = Migrator.configure(db).locations("classpath:db/migration").load();
 *     for (CheckStep step : Checks.on(db, migrator).dataSurvives()) {
 *         step.run().orFail();
 *     }
 * }
 * }</pre>
 *
 * <p>Every result is also added to {@link Report#current()} as it was when the checks were
 * created, so the CI report lists them.
 */
public final class Checks {

    /** Detail lines kept in the report per failed check. */
    private static final int REPORT_LINES = 40;
    /** Lines of a diff shown in a failure message; the full text is in the file it names. */
    private static final int MESSAGE_LINES = 80;
    private static final int MAX_WRITERS = 16;

    private final TestDatabase database;
    private final Migrator migrator;
    private final CheckOptions options;
    private final Report report;
    private final Report.Scope scope;
    private final AtomicLong counter = new AtomicLong();

    private Checks(TestDatabase database, Migrator migrator, CheckOptions options) {
        this.database = database;
        this.migrator = migrator;
        this.options = options;
        this.report = Report.current();
        this.scope = Report.currentScope();
    }

    /** Checks with {@link CheckOptions#defaults()}. */
    public static Checks on(TestDatabase database, Migrator migrator) {
        return on(database, migrator, CheckOptions.defaults());
    }

    /** Checks of the migrations {@code migrator} runs on {@code database}, which must be empty. */
    public static Checks on(TestDatabase database, Migrator migrator, CheckOptions options) {
        return new Checks(database, migrator, options);
    }

    // ---------------------------------------------------------------- applies from empty

    /** Every migration applies, in order, on a new empty database: one step per version, then repeatables. */
    public List<CheckStep> appliesFromEmpty() {
        String check = "applies from empty";
        List<MigrationStep> versions = versioned();
        Sequence sequence = new Sequence(check);
        List<CheckStep> steps = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            MigrationStep step = versions.get(i);
            String previous = i == 0 ? "an empty database" : "a database at version " + versions.get(i - 1).version();
            steps.add(sequence.step(subject(step), () -> {
                long start = System.nanoTime();
                try {
                    migrator.migrateTo(step.version());
                } catch (MigrationFailedException e) {
                    return failed(check, subject(step), "V" + step.version() + " (" + step.script() + ") does not apply on "
                            + previous + " => fix the migration; this is the state every environment runs it on",
                            List.of(e.getMessage()));
                }
                return passed(check, subject(step), "applied on " + previous + " in " + elapsed(start) + " ms");
            }));
        }
        if (migrator.info().stream().anyMatch(s -> s.version() == null)) {
            steps.add(sequence.step("repeatable migrations", () -> {
                try {
                    migrator.migrate();
                } catch (MigrationFailedException e) {
                    return failed(check, "repeatable migrations", "a repeatable migration does not apply after the"
                            + " versioned ones => fix it", List.of(e.getMessage()));
                }
                return passed(check, "repeatable migrations", "applied");
            }));
        }
        return steps;
    }

    // ---------------------------------------------------------------- linear history

    /**
     * The version history is linear: no two files share a version, no gap in an integer sequence
     * the options do not allow, no migration of the committed baseline edited or deleted, and no
     * new version lower than the baseline's latest.
     */
    public List<CheckStep> linearHistory() {
        String check = "linear history";
        List<MigrationFile> files = MigrationFiles.scan(migrator.locations(), Checks.class.getClassLoader());
        List<MigrationFile> versionedFiles = files.stream().filter(f -> f.prefix() == 'V').toList();
        List<CheckStep> steps = new ArrayList<>();
        steps.add(new CheckStep(check, "unique versions", () -> timed(check, "unique versions", () -> {
            Map<String, List<MigrationFile>> byVersion = new LinkedHashMap<>();
            versionedFiles.forEach(f -> byVersion.computeIfAbsent(f.version(), v -> new ArrayList<>()).add(f));
            List<String> duplicates = new ArrayList<>();
            byVersion.forEach((version, same) -> {
                if (same.size() > 1) {
                    duplicates.add("V" + version + ": " + String.join(", ", same.stream().map(MigrationFile::where).toList()));
                }
            });
            if (!duplicates.isEmpty()) {
                return failed(check, "unique versions", duplicates.size() + " version(s) used by more than one migration"
                        + " => give the newer file the next free version (" + nextVersion(byVersion.keySet()) + ")",
                        duplicates);
            }
            return passed(check, "unique versions", versionedFiles.size() + " versioned migrations, each with its own version");
        })));
        steps.add(new CheckStep(check, "no gaps", () -> timed(check, "no gaps", () -> gaps(check, versionedFiles))));
        steps.add(new CheckStep(check, "matches baseline", () -> timed(check, "matches baseline",
                () -> baseline(check, versionedFiles))));
        return steps;
    }

    private CheckResult gaps(String check, List<MigrationFile> files) {
        Set<MigrationVersion> versions = new TreeSet<>();
        files.forEach(f -> versions.add(MigrationVersion.fromVersion(f.version())));
        if (versions.isEmpty()) {
            versioned().forEach(s -> versions.add(MigrationVersion.fromVersion(s.version())));
        }
        if (options.allowAnyGap()) {
            return passed(check, "no gaps", "gaps allowed by the options");
        }
        List<Long> numbers = new ArrayList<>();
        for (MigrationVersion version : versions) {
            if (!version.getVersion().matches("\\d{1,9}")) {
                return skipped(check, "no gaps", "versions are not plain integers (e.g. " + version.getVersion()
                        + "), so there is no sequence to find gaps in");
            }
            numbers.add(Long.parseLong(version.getVersion()));
        }
        List<String> missing = new ArrayList<>();
        for (int i = 1; i < numbers.size(); i++) {
            for (long v = numbers.get(i - 1) + 1; v < numbers.get(i); v++) {
                if (!options.allowedGaps().contains(Long.toString(v))) {
                    missing.add(Long.toString(v));
                }
            }
        }
        if (!missing.isEmpty()) {
            return failed(check, "no gaps", "version(s) " + String.join(", ", missing) + " missing between "
                    + numbers.get(0) + " and " + numbers.get(numbers.size() - 1) + " => renumber the migration after the"
                    + " gap, or declare the gap if it is meant (@MigrationChecksConfig allowGaps / CheckOptions.allowGaps(\""
                    + missing.get(0) + "\"))", List.of("versions found: " + numbers));
        }
        return passed(check, "no gaps", numbers.size() + " versions from " + (numbers.isEmpty() ? "-" : numbers.get(0))
                + " to " + (numbers.isEmpty() ? "-" : numbers.get(numbers.size() - 1)) + ", none missing");
    }

    private CheckResult baseline(String check, List<MigrationFile> files) {
        Path file = options.baselineFile();
        List<BaselineFile.Entry> current = files.stream()
                .map(f -> new BaselineFile.Entry(f.version(), f.description(), f.name(), f.checksum())).toList();
        Optional<List<BaselineFile.Entry>> committed = BaselineFile.read(file);
        if (committed.isEmpty()) {
            if (options.failOnMissingFiles() && !options.updateBaseline()) {
                return failed(check, "matches baseline", "no migration baseline at " + file.toAbsolutePath()
                        + " => run the tests once locally (or with -Dmigratest.updateBaseline=true) to write it, and commit it",
                        List.of());
            }
            BaselineFile.write(file, current);
            return passed(check, "matches baseline", "no baseline yet: wrote " + file + " with " + current.size()
                    + " migrations; commit it");
        }
        List<String> problems = new ArrayList<>();
        MigrationVersion latest = committed.get().stream().map(e -> MigrationVersion.fromVersion(e.version()))
                .max(MigrationVersion::compareTo).orElse(MigrationVersion.EMPTY);
        for (BaselineFile.Entry applied : committed.get()) {
            Optional<BaselineFile.Entry> now = current.stream().filter(c -> c.version().equals(applied.version())).findFirst();
            if (now.isEmpty()) {
                problems.add("V" + applied.version() + " (" + applied.script() + ") is in the baseline but its file is gone:"
                        + " databases that applied it no longer match the code => restore the file");
            } else if (applied.checksum() != null && !applied.checksum().equals(now.get().checksum())) {
                problems.add("V" + applied.version() + " (" + now.get().script() + ") was edited after it was applied:"
                        + " checksum " + applied.checksum() + " in the baseline, " + now.get().checksum() + " now"
                        + " => revert the edit and put the change in a new migration; Flyway's validate fails on"
                        + " every database that ran the old text");
            } else if (!applied.description().isEmpty() && !applied.description().equals(now.get().description())) {
                problems.add("V" + applied.version() + " was renamed from " + applied.script() + " to " + now.get().script()
                        + " => restore the name; Flyway's validate compares descriptions too");
            }
        }
        for (BaselineFile.Entry entry : current) {
            boolean isNew = committed.get().stream().noneMatch(c -> c.version().equals(entry.version()));
            if (isNew && latest != MigrationVersion.EMPTY && latest.isNewerThan(entry.version())) {
                problems.add("V" + entry.version() + " (" + entry.script() + ") is new but lower than V" + latest.getVersion()
                        + ", the latest in the baseline: databases already at V" + latest.getVersion()
                        + " would skip or reject it => renumber it above " + latest.getVersion());
            }
        }
        if (!problems.isEmpty()) {
            return failed(check, "matches baseline", problems.size() + " problem(s) against the baseline " + file
                    + " (if the baseline itself is stale, refresh it on the main branch with -Dmigratest.updateBaseline=true)",
                    problems);
        }
        if (options.updateBaseline()) {
            BaselineFile.write(file, current);
            return passed(check, "matches baseline", "matches; baseline rewritten with " + current.size() + " migrations");
        }
        return passed(check, "matches baseline", committed.get().size() + " applied migrations unchanged, "
                + (current.size() - committed.get().size()) + " new ones after V" + latest.getVersion());
    }

    // ---------------------------------------------------------------- data survives

    /**
     * Each migration keeps the rows it finds: before migration N, generated rows are added to
     * every table (at version N-1); after N, every table must still have at least as many rows
     * and every key it had, unless {@link CheckOptions#allowsDataLoss} says otherwise.
     */
    public List<CheckStep> dataSurvives() {
        String check = "data survives";
        List<MigrationStep> versions = versioned();
        Sequence sequence = new Sequence(check);
        List<CheckStep> steps = new ArrayList<>();
        RowGenerator generator = new RowGenerator(database.engine(), counter);
        for (int i = 0; i < versions.size(); i++) {
            MigrationStep step = versions.get(i);
            boolean first = i == 0;
            steps.add(sequence.step(subject(step), () -> {
                if (first) {
                    migrator.migrateTo(step.version());
                    return passed(check, subject(step), "first migration: no tables to seed before it");
                }
                try (Connection connection = connection()) {
                    Schema schemaBefore = SchemaReader.read(connection, database.engine());
                    RowGenerator.Seeded seeded = generator.seed(connection, schemaBefore, options.rowsPerTable());
                    Census before = Census.take(connection, database.engine(), schemaBefore, null);
                    try {
                        migrator.migrateTo(step.version());
                    } catch (MigrationFailedException e) {
                        List<String> details = new ArrayList<>(List.of(e.getMessage()));
                        details.addAll(seeded.notes());
                        return failed(check, subject(step), "V" + step.version() + " (" + step.script() + ") fails on a"
                                + " database holding rows (" + total(before) + " generated rows in " + before.tables().size()
                                + " tables) => make it work on non-empty tables (e.g. a NOT NULL column needs a default"
                                + " or a backfill, an insert must not assume empty tables)", details);
                    }
                    Schema schemaAfter = SchemaReader.read(connection, database.engine());
                    Census after = Census.take(connection, database.engine(), schemaAfter, before);
                    return compareCensus(check, step, before, after, seeded.notes());
                }
            }));
        }
        return steps;
    }

    private CheckResult compareCensus(String check, MigrationStep step, Census before, Census after, List<String> notes) {
        List<String> losses = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        for (Map.Entry<String, Census.TableCount> entry : before.tables().entrySet()) {
            String table = entry.getKey();
            Census.TableCount was = entry.getValue();
            Census.TableCount now = after.tables().get(table);
            report.rowCounts(scope, "V" + step.version(), table, was.rows(), now == null ? null : now.rows());
            String loss = null;
            if (now == null) {
                loss = was.rows() > 0 ? "table " + table + " is gone with its " + was.rows() + " rows" : null;
            } else {
                List<String> missingKeys = new ArrayList<>();
                if (!was.keyColumns().isEmpty() && !now.keyColumns().isEmpty() && !was.keys().isEmpty()
                        && now.rows() <= Census.MAX_KEYS) {
                    for (String key : was.keys()) {
                        if (!now.keys().contains(key)) {
                            missingKeys.add(key);
                        }
                    }
                }
                if (now.rows() < was.rows() || !missingKeys.isEmpty()) {
                    loss = "table " + table + ": " + was.rows() + " rows before, " + now.rows() + " after"
                            + (missingKeys.isEmpty() ? "" : "; " + missingKeys.size() + " key(s) missing, first: "
                                    + String.join("; ", missingKeys.subList(0, Math.min(5, missingKeys.size()))));
                }
            }
            if (loss != null) {
                (options.allowsDataLoss(step.version(), table) ? allowed : losses).add(loss);
            }
        }
        List<String> details = new ArrayList<>(losses);
        allowed.forEach(a -> details.add("allowed: " + a));
        details.addAll(notes);
        if (!losses.isEmpty()) {
            return failed(check, subject(step), "V" + step.version() + " (" + step.script() + ") lost rows in "
                    + losses.size() + " table(s) => keep the rows (copy them before dropping or rewriting), or declare"
                    + " the loss if it is meant: @AllowDataLoss(version = \"" + step.version() + "\", table = \""
                    + firstTable(losses.get(0)) + "\")", details);
        }
        return passed(check, subject(step), total(before) + " rows in " + before.tables().size() + " tables before, none lost"
                + (allowed.isEmpty() ? "" : " (" + allowed.size() + " declared loss(es))"), details);
    }

    // ---------------------------------------------------------------- undo round trip

    /**
     * Where an undo script {@code U<version>__*.sql} exists, running migration N and then its undo
     * leaves the schema exactly as it was at N-1 (and N applies again afterwards). Skipped when
     * there are no undo scripts.
     */
    public List<CheckStep> undoRoundTrip() {
        String check = "undo round trip";
        List<MigrationFile> files = MigrationFiles.scan(migrator.locations(), Checks.class.getClassLoader());
        Map<String, MigrationFile> undo = new LinkedHashMap<>();
        files.stream().filter(f -> f.prefix() == 'U' && !f.java()).forEach(f -> undo.put(f.version(), f));
        if (undo.isEmpty()) {
            return List.of(new CheckStep(check, "", () -> record(skipped(check, "", "no undo scripts (U<version>__*.sql)"
                    + " in " + migrator.locations()))));
        }
        List<MigrationStep> versions = versioned();
        Sequence sequence = new Sequence(check);
        List<CheckStep> steps = new ArrayList<>();
        for (MigrationStep step : versions) {
            MigrationFile script = undo.get(step.version());
            if (script == null) {
                continue;
            }
            steps.add(sequence.step(subject(step), () -> {
                // Everything before this version first, so the "before" schema is N-1's.
                for (MigrationStep earlier : versions) {
                    if (earlier == step) {
                        break;
                    }
                    if (migrator.currentVersion().map(v -> MigrationVersion.fromVersion(v).isNewerThan(earlier.version())
                            || v.equals(earlier.version())).orElse(false)) {
                        continue;
                    }
                    migrator.migrateTo(earlier.version());
                }
                String before = Schema.read(database).toText();
                migrator.migrateTo(step.version());
                String applied = Schema.read(database).toText();
                try (Connection connection = connection()) {
                    runScript(connection, script);
                }
                String after = Schema.read(database).toText();
                List<String> diff = SnapshotFile.diff("schema at V" + previousVersion(versions, step),
                        before, "schema after V" + step.version() + " and " + script.name(), after);
                if (!diff.isEmpty()) {
                    return failed(check, subject(step), script.name() + " does not undo V" + step.version() + ": the schema"
                            + " after it differs from the schema before V" + step.version()
                            + " => make the undo script reverse every change of the migration", cap(diff));
                }
                if (before.equals(applied)) {
                    // The migration changed no schema; nothing to learn from the round trip, but it passes.
                    return passed(check, subject(step), "V" + step.version() + " changes no schema; " + script.name() + " keeps it");
                }
                try (Connection connection = connection()) {
                    forget(connection, step.version());
                }
                try {
                    migrator.migrateTo(step.version());
                } catch (MigrationFailedException e) {
                    return failed(check, subject(step), "V" + step.version() + " does not apply again after " + script.name()
                            + " => the undo leaves something behind the migration then trips over", List.of(e.getMessage()));
                }
                return passed(check, subject(step), script.name() + " restores the schema of V"
                        + previousVersion(versions, step) + ", and V" + step.version() + " applies again");
            }));
        }
        return steps;
    }

    private void runScript(Connection connection, MigrationFile script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (SqlScript.Statement sql : SqlScript.split(script.content(), database.engine() != Engine.POSTGRES)) {
                try {
                    statement.execute(sql.sql());
                } catch (SQLException e) {
                    throw new MigratestException("Undo script " + script.where() + " failed at line " + sql.line() + ": "
                            + e.getMessage() + " => fix the statement: " + firstLine(sql.sql()), e);
                }
            }
        }
    }

    /** Removes a version from Flyway's history, as Flyway Teams' undo does, so that it can apply again. */
    private void forget(Connection connection, String version) throws SQLException {
        String history = SchemaReader.historyTable(connection, database.engine())
                .orElseThrow(() -> new MigratestException("No Flyway history table in " + database.name()));
        String quoted = new RowGenerator(database.engine(), counter).quote(history);
        try (var statement = connection.prepareStatement("DELETE FROM " + quoted + " WHERE version = ?")) {
            statement.setString(1, version);
            statement.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- snapshot

    /**
     * The schema after all migrations equals the committed snapshot
     * {@code <snapshotDirectory>/schema-<engine>.txt}. A missing snapshot is written (and fails
     * instead when {@link CheckOptions#failOnMissingFiles()}); {@code migratest.updateSnapshots=true}
     * rewrites it.
     */
    public List<CheckStep> schemaMatchesSnapshot() {
        String check = "schema matches snapshot";
        Path file = options.snapshotDirectory().resolve("schema-" + database.engine().key() + ".txt");
        return List.of(new CheckStep(check, "", () -> timed(check, "", () -> {
            migrator.migrate();
            String actual = SnapshotFile.normalise(Schema.read(database).toText());
            Optional<String> expected = SnapshotFile.read(file);
            if (options.updateSnapshots()) {
                SnapshotFile.write(file, actual);
                return passed(check, "", "snapshot rewritten: " + file + " (migratest.updateSnapshots is on)");
            }
            Path copy = options.outputDirectory().resolve("schema-" + database.engine().key() + ".actual.txt");
            if (expected.isEmpty()) {
                if (options.failOnMissingFiles()) {
                    SnapshotFile.write(copy, actual);
                    return failed(check, "", "no schema snapshot at " + file.toAbsolutePath() + " => commit one: copy "
                            + copy + " there, or run the tests with -Dmigratest.updateSnapshots=true", List.of());
                }
                SnapshotFile.write(file, actual);
                return passed(check, "", "no snapshot yet: wrote " + file + "; commit it");
            }
            if (expected.get().equals(actual)) {
                return passed(check, "", "schema matches " + file);
            }
            SnapshotFile.write(copy, actual);
            List<String> diff = SnapshotFile.diff(file.toString(), expected.get(), "migrated schema (" + copy + ")", actual);
            return failed(check, "", "the migrated " + database.engine() + " schema differs from the snapshot " + file
                    + " => if the change is meant, run the tests with -Dmigratest.updateSnapshots=true (or copy " + copy
                    + ") and commit the snapshot; otherwise fix the migration", cap(diff));
        })));
    }

    // ---------------------------------------------------------------- lock rehearsal

    /**
     * Each migration runs while one concurrent writer per table it touches (every existing table
     * for Java migrations) inserts and updates rows; the longest time a write waited is reported,
     * and fails the step when it exceeds {@link CheckOptions#lockBudgetMillis()}.
     */
    public List<CheckStep> lockRehearsal() {
        String check = "lock rehearsal";
        List<MigrationStep> versions = versioned();
        List<MigrationFile> files = MigrationFiles.scan(migrator.locations(), Checks.class.getClassLoader());
        Sequence sequence = new Sequence(check);
        List<CheckStep> steps = new ArrayList<>();
        RowGenerator generator = new RowGenerator(database.engine(), counter);
        for (MigrationStep step : versions) {
            steps.add(sequence.step(subject(step), () -> {
                Schema schema = Schema.read(database);
                List<Table> touched = touchedTables(schema, MigrationFiles.versioned(files, step.version()));
                if (touched.isEmpty()) {
                    migrator.migrateTo(step.version());
                    return passed(check, subject(step), "touches no table that exists before it: no writer to block",
                            List.of(), Map.of("maxWriteWaitMillis", 0L));
                }
                List<LockProbe.Writer> writers = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                try (Connection connection = connection()) {
                    generator.seed(connection, new Schema(schema.engine(), touched, schema.types()), options.rowsPerTable());
                    for (Table table : touched) {
                        RowGenerator.TableRows rows = generator.prepare(connection, table);
                        if (rows.unsupported() != null) {
                            notes.add("no writer for " + table.name() + ": " + rows.unsupported());
                            continue;
                        }
                        writers.add(new LockProbe.Writer(table.name(), rows::insert, update(connection, generator, table)));
                    }
                }
                if (writers.isEmpty()) {
                    migrator.migrateTo(step.version());
                    return skipped(check, subject(step), "no table it touches could be written to: " + notes);
                }
                LockProbe probe = LockProbe.start(database.dataSource(), writers);
                long start = System.nanoTime();
                LockProbe.Result result;
                try {
                    migrator.migrateTo(step.version());
                } finally {
                    result = probe.stop();
                }
                long migrationMillis = elapsed(start);
                List<String> details = new ArrayList<>(notes);
                details.add("writers on " + String.join(", ", writers.stream().map(LockProbe.Writer::table).toList())
                        + ": " + result.writes() + " writes during the migration (" + migrationMillis + " ms), "
                        + result.errors() + " refused" + (result.firstError() == null ? "" : " (first: " + result.firstError() + ")"));
                Map<String, Long> measured = Map.of("maxWriteWaitMillis", result.maxWaitMillis(),
                        "migrationMillis", migrationMillis);
                String summary = "longest write wait " + result.maxWaitMillis() + " ms (on " + result.slowestTable() + ")";
                if (options.lockBudgetMillis() > 0 && result.maxWaitMillis() > options.lockBudgetMillis()) {
                    return new CheckResult(check, subject(step), Outcome.Status.FAILED, "V" + step.version() + " ("
                            + step.script() + ") blocked writes to " + result.slowestTable() + " for " + result.maxWaitMillis()
                            + " ms, over the budget of " + options.lockBudgetMillis() + " ms => hold strong locks briefly:"
                            + " split the change into steps, build indexes concurrently (CREATE INDEX CONCURRENTLY,"
                            + " ALGORITHM=INPLACE LOCK=NONE), backfill in batches, and avoid table rewrites under"
                            + " ACCESS EXCLUSIVE / LOCK TABLES", details, measured, migrationMillis);
                }
                return passed(check, subject(step), summary, details, measured);
            }));
        }
        return steps;
    }

    private String update(Connection connection, RowGenerator generator, Table table) throws SQLException {
        List<String> key = table.identifyingColumns();
        if (key.isEmpty()) {
            return null;
        }
        String column = key.get(0);
        String quoted = generator.quote(column);
        try (Statement statement = connection.createStatement()) {
            statement.setMaxRows(1);
            try (ResultSet rs = statement.executeQuery("SELECT " + quoted + " FROM " + generator.quote(table.name())
                    + " WHERE " + quoted + " IS NOT NULL")) {
                if (!rs.next()) {
                    return null;
                }
                String literal = generator.literal(rs.getString(1), table.column(column).orElseThrow());
                return "UPDATE " + generator.quote(table.name()) + " SET " + quoted + " = " + quoted + " WHERE " + quoted
                        + " = " + literal;
            }
        }
    }

    private static List<Table> touchedTables(Schema schema, Optional<MigrationFile> file) {
        List<Table> tables = schema.tables();
        if (file.isPresent() && file.get().content() != null) {
            // Statements only: a table named in a comment is not touched.
            StringBuilder statements = new StringBuilder();
            SqlScript.split(file.get().content(), false).forEach(s -> statements.append(s.sql()).append('\n'));
            String sql = statements.toString().toLowerCase(Locale.ROOT);
            tables = tables.stream().filter(t -> Pattern.compile("(?<![a-z0-9_$])" + Pattern.quote(t.name().toLowerCase(Locale.ROOT))
                    + "(?![a-z0-9_$])").matcher(sql).find()).toList();
        }
        return tables.size() > MAX_WRITERS ? tables.subList(0, MAX_WRITERS) : tables;
    }

    // ---------------------------------------------------------------- plumbing

    /** The versioned migrations, in order; a clear error when there are none or Flyway cannot list them. */
    private List<MigrationStep> versioned() {
        List<MigrationStep> all;
        try {
            all = migrator.info();
        } catch (FlywayException e) {
            throw new MigratestException("Flyway cannot list the migrations in " + migrator.locations() + ": "
                    + e.getMessage() + " => fix the migration files (the linear history check names duplicates)", e);
        }
        if (all.isEmpty()) {
            throw new MigratestException("No migrations found in " + migrator.locations() + " => check the locations"
                    + " (@MigrationTest(locations = ...) or Migrator.configure(...).locations(...)): the folder must exist"
                    + " on the class path (classpath:) or disk (filesystem:) and hold V<version>__<name>.sql files");
        }
        if (all.stream().anyMatch(s -> !s.isPending())) {
            throw new MigratestException("The checks need an empty database, but " + database.name() + " already has"
                    + " migrations applied (" + migrator.currentVersion().orElse("?") + ") => run each check on a new database");
        }
        return all.stream().filter(s -> s.version() != null).toList();
    }

    private Connection connection() throws SQLException {
        return database.dataSource().getConnection();
    }

    private interface Body {
        CheckResult run() throws Exception;
    }

    /** Steps of one check that depend on each other: after a failure, the rest are skipped. */
    private final class Sequence {
        private final String check;
        private String brokenAt;

        Sequence(String check) {
            this.check = check;
        }

        CheckStep step(String subject, Body body) {
            return new CheckStep(check, subject, () -> {
                if (brokenAt != null) {
                    return record(skipped(check, subject, "not run: " + brokenAt + " failed before it"));
                }
                CheckResult result;
                try {
                    result = timed(check, subject, body);
                } catch (RuntimeException e) {
                    brokenAt = subject;
                    throw e;
                }
                if (result.failed()) {
                    brokenAt = subject;
                }
                return result;
            });
        }
    }

    /** Runs a step body, times it, turns checked exceptions into {@link MigratestException} and records the result. */
    private CheckResult timed(String check, String subject, Body body) {
        long start = System.nanoTime();
        CheckResult result;
        try {
            result = body.run();
        } catch (MigratestException e) {
            record(new CheckResult(check, subject, Outcome.Status.FAILED, e.getMessage(), List.of(), Map.of(), elapsed(start)));
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigratestException(check + " was interrupted", e);
        } catch (Exception e) {
            record(new CheckResult(check, subject, Outcome.Status.FAILED, e.toString(), List.of(), Map.of(), elapsed(start)));
            throw new MigratestException(check + " [" + subject + "] could not run on " + database.engine() + " database "
                    + database.name() + ": " + e.getMessage(), e);
        }
        CheckResult timedResult = new CheckResult(result.check(), result.subject(), result.status(), result.message(),
                result.details(), result.measurements(), elapsed(start));
        return record(timedResult);
    }

    private CheckResult record(CheckResult result) {
        report.record(scope, result.toOutcome(REPORT_LINES));
        return result;
    }

    private static CheckResult passed(String check, String subject, String message) {
        return passed(check, subject, message, List.of(), Map.of());
    }

    private static CheckResult passed(String check, String subject, String message, List<String> details) {
        return passed(check, subject, message, details, Map.of());
    }

    private static CheckResult passed(String check, String subject, String message, List<String> details,
            Map<String, Long> measured) {
        return new CheckResult(check, subject, Outcome.Status.PASSED, message, details, measured, 0);
    }

    private static CheckResult failed(String check, String subject, String message, List<String> details) {
        return new CheckResult(check, subject, Outcome.Status.FAILED, message, details, Map.of(), 0);
    }

    private static CheckResult skipped(String check, String subject, String message) {
        return new CheckResult(check, subject, Outcome.Status.SKIPPED, message, List.of(), Map.of(), 0);
    }

    private static String subject(MigrationStep step) {
        return "V" + step.version() + " " + step.description();
    }

    private static String previousVersion(List<MigrationStep> versions, MigrationStep step) {
        int index = versions.indexOf(step);
        return index <= 0 ? "0 (empty)" : versions.get(index - 1).version();
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static long total(Census census) {
        return census.tables().values().stream().mapToLong(Census.TableCount::rows).sum();
    }

    private static String firstTable(String loss) {
        java.util.regex.Matcher m = Pattern.compile("^table ([^: ]+)").matcher(loss);
        return m.find() ? m.group(1) : "*";
    }

    private static String nextVersion(Set<String> versions) {
        long max = 0;
        for (String version : versions) {
            String major = version.split("\\.")[0];
            if (major.matches("\\d{1,18}")) {
                max = Math.max(max, Long.parseLong(major));
            }
        }
        return Long.toString(max + 1);
    }

    private static String firstLine(String sql) {
        return sql.lines().findFirst().orElse(sql);
    }

    private static List<String> cap(List<String> lines) {
        if (lines.size() <= MESSAGE_LINES) {
            return lines;
        }
        List<String> capped = new ArrayList<>(lines.subList(0, MESSAGE_LINES));
        capped.add("... " + (lines.size() - MESSAGE_LINES) + " more diff lines");
        return capped;
    }
}
