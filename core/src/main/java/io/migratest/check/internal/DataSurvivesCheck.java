package io.migratest.check.internal;

import static io.migratest.check.internal.CheckResults.failed;
import static io.migratest.check.internal.CheckResults.passed;
import static io.migratest.check.internal.CheckResults.subject;

import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.Schema;
import io.migratest.check.internal.MigrationFiles.MigrationFile;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.Dialect;
import io.migratest.db.internal.TableIdentity;
import io.migratest.migrate.MigrationFailedException;
import io.migratest.migrate.MigrationStep;
import io.migratest.migrate.Migrator;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The check "data survives": rows generated into every table before a migration are all there
 * after it, unless the options declare the loss.
 */
public final class DataSurvivesCheck {
    static final String CHECK = "data survives";

    private final CheckRun run;
    private final TestDatabase database;
    private final Migrator migrator;
    private final CheckOptions options;
    private final AtomicLong counter;

    public DataSurvivesCheck(CheckRun run) {
        this.run = run;
        this.database = run.database();
        this.migrator = run.migrator();
        this.options = run.options();
        this.counter = run.counter();
    }

    /**
     * Each migration keeps the rows it finds: before migration N, generated rows are added to
     * every table (at version N-1); after N, every table must still have at least as many rows
     * and every key it had, unless {@link CheckOptions#allowsDataLoss} says otherwise.
     */
    public List<CheckStep> steps() {
        String check = CHECK;
        List<MigrationStep> versions = run.versioned();
        StepSequence sequence = run.sequence(check);
        List<CheckStep> steps = new ArrayList<>();
        RowGenerator generator = new RowGenerator(database.engine(), counter);
        List<MigrationFile> files = MigrationFiles.scan(migrator.locations(), DataSurvivesCheck.class.getClassLoader());
        // the schema a step leaves is the next one's "before": read once for both
        AtomicReference<Schema> left = new AtomicReference<>();
        for (int i = 0; i < versions.size(); i++) {
            MigrationStep step = versions.get(i);
            boolean first = i == 0;
            steps.add(sequence.step(subject(step), () -> {
                if (first) {
                    migrator.migrateTo(step.version());
                    return CheckResults.measured(passed(check, subject(step), "first migration: no tables to seed before it"),
                            Map.of("tablesSeeded", 0L, "tablesPresent", 0L));
                }
                try (Connection connection = run.connection()) {
                    Schema schemaBefore = left.get() != null ? left.get() : SchemaReader.read(connection, database.engine());
                    RowGenerator.Seeded seeded = generator.seed(connection, schemaBefore, options.rowsPerTable());
                    Census before = Census.take(connection, database.engine(), schemaBefore, null);
                    Map<String, TableIdentity> identitiesBefore = Dialect.of(database.engine()).tableIdentities(connection);
                    try {
                        migrator.migrateTo(step.version());
                    } catch (MigrationFailedException e) {
                        return failsWithRows(step, before, seeded, e);
                    }
                    Schema schemaAfter = SchemaReader.read(connection, database.engine());
                    left.set(schemaAfter);
                    Renames renames = MigrationFiles.versioned(files, step.version()).map(f -> Renames.in(f.content()))
                            .orElse(Renames.none())
                            .withCatalog(identitiesBefore, Dialect.of(database.engine()).tableIdentities(connection));
                    Census after = Census.take(connection, database.engine(), schemaAfter, before, renames);
                    return withSeeding(check, step, compareCensus(check, step, before, after, renames, seeded.notes()), seeded);
                }
            }));
        }
        return steps;
    }

    /** The result of a step that does not apply on the seeded database {@code before} describes. */
    static CheckResult failsWithRows(MigrationStep step, Census before, RowGenerator.Seeded seeded,
            MigrationFailedException e) {
        List<String> details = new ArrayList<>(List.of(e.getMessage()));
        details.addAll(seeded.notes());
        return CheckResults.measured(failed(CHECK, subject(step), "V" + step.version() + " (" + step.script()
                + ") fails on a database holding rows (" + total(before) + " generated rows in "
                + before.tables().size() + " tables, some with NULLs and boundary values) => make it work"
                + " on non-empty tables (e.g. a NOT NULL column needs a default or a backfill, a narrower"
                + " type must hold the values present, an insert must not assume empty tables)", details),
                seeded.coverage());
    }

    /**
     * Every table of {@code before} still has its rows and keys in {@code after}: under its own name,
     * or under the name {@code renames} gave it (with its key columns renamed as well), which is
     * reported as a rename, not a loss.
     */
    CheckResult compareCensus(String check, MigrationStep step, Census before, Census after, Renames renames,
            List<String> notes) {
        List<String> losses = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        List<String> renamed = new ArrayList<>();
        for (Map.Entry<String, Census.TableCount> entry : before.tables().entrySet()) {
            String table = entry.getKey();
            Census.TableCount was = entry.getValue();
            Optional<String> newName = renames.tableAfter(table).flatMap(after::name);
            String shown = newName.map(n -> table + " (renamed to " + n + ")").orElse(table);
            Census.TableCount now = after.table(newName.orElse(table)).orElse(null);
            run.report().rowCounts("V" + step.version(), newName.map(n -> table + " -> " + n).orElse(table), was.rows(),
                    now == null ? null : now.rows());
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
                    loss = "table " + shown + ": " + was.rows() + " rows before, " + now.rows() + " after"
                            + (missingKeys.isEmpty() ? "" : "; " + missingKeys.size() + " key(s) missing, first: "
                                    + String.join("; ", missingKeys.subList(0, Math.min(5, missingKeys.size()))));
                }
            }
            if (loss != null) {
                (options.allowsDataLoss(step.version(), table) ? allowed : losses).add(loss);
            } else if (newName.isPresent()) {
                renamed.add("renamed " + table + " -> " + newName.get() + ", " + was.rows() + " rows kept"
                        + renamedColumns(renames, table));
            } else if (!renames.columnsOf(table).isEmpty()) {
                renamed.add("table " + table + ": " + was.rows() + " rows kept" + renamedColumns(renames, table));
            }
        }
        List<String> details = new ArrayList<>(losses);
        allowed.forEach(a -> details.add("allowed: " + a));
        details.addAll(renamed);
        details.addAll(notes);
        if (!losses.isEmpty()) {
            return failed(check, subject(step), "V" + step.version() + " (" + step.script() + ") lost rows in "
                    + losses.size() + " table(s) => keep the rows (copy them before dropping or rewriting), or declare"
                    + " the loss if it is meant: @AllowDataLoss(version = \"" + step.version() + "\", table = \""
                    + firstTable(losses.get(0)) + "\")", details);
        }
        return passed(check, subject(step), total(before) + " rows in " + before.tables().size() + " tables before, none lost"
                + (allowed.isEmpty() ? "" : " (" + allowed.size() + " declared loss(es))")
                + (renamed.isEmpty() ? "" : "; " + String.join("; ", renamed)), details);
    }

    private static String renamedColumns(Renames renames, String table) {
        List<String> columns = new ArrayList<>();
        renames.columnsOf(table).entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> columns.add(e.getKey() + " -> " + e.getValue()));
        return columns.isEmpty() ? "" : " (columns renamed: " + String.join(", ", columns) + ")";
    }

    /** A pass over tables the generator could not all fill is "not verified"; every result carries the coverage. */
    CheckResult withSeeding(String check, MigrationStep step, CheckResult result, RowGenerator.Seeded seeded) {
        if (result.passed() && !seeded.complete()) {
            return CheckResults.notVerified(options, check, subject(step), seeded.notVerified() + " (" + result.message()
                    + ")", result.details(), seeded.coverage());
        }
        return CheckResults.measured(result, seeded.coverage());
    }

    private static long total(Census census) {
        return census.tables().values().stream().mapToLong(Census.TableCount::rows).sum();
    }

    private static String firstTable(String loss) {
        java.util.regex.Matcher m = Pattern.compile("^table ([^: ]+)").matcher(loss);
        return m.find() ? m.group(1) : "*";
    }
}
