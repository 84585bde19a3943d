package io.migratest.check.internal;

import static io.migratest.check.internal.CheckResults.elapsed;
import static io.migratest.check.internal.CheckResults.passed;
import static io.migratest.check.internal.CheckResults.skipped;
import static io.migratest.check.internal.CheckResults.subject;

import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.Schema;
import io.migratest.check.Schema.Table;
import io.migratest.check.internal.MigrationFiles.MigrationFile;
import io.migratest.db.TestDatabase;
import io.migratest.fixture.internal.SqlScript;
import io.migratest.migrate.MigrationStep;
import io.migratest.migrate.Migrator;
import io.migratest.report.Outcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The check "lock rehearsal": each migration runs under one concurrent writer per table it touches,
 * and the longest time a write waited is measured against the lock budget.
 */
public final class LockRehearsalCheck {
    private static final int MAX_WRITERS = 16;

    private final CheckRun run;
    private final TestDatabase database;
    private final Migrator migrator;
    private final CheckOptions options;
    private final AtomicLong counter;

    public LockRehearsalCheck(CheckRun run) {
        this.run = run;
        this.database = run.database();
        this.migrator = run.migrator();
        this.options = run.options();
        this.counter = run.counter();
    }

    /**
     * Each migration runs while one concurrent writer per table it touches (every existing table
     * for Java migrations) inserts and updates rows; the longest time a write waited is reported,
     * and fails the step when it exceeds {@link CheckOptions#lockBudgetMillis()}.
     */
    public List<CheckStep> steps() {
        String check = "lock rehearsal";
        List<MigrationStep> versions = run.versioned();
        List<MigrationFile> files = MigrationFiles.scan(migrator.locations(), LockRehearsalCheck.class.getClassLoader());
        StepSequence sequence = run.sequence(check);
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
                RowGenerator.Seeded seeded;
                try (Connection connection = run.connection()) {
                    seeded = generator.seed(connection, new Schema(schema.engine(), touched, schema.types()),
                            options.rowsPerTable());
                    notes.addAll(seeded.notes());
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
                if (!seeded.complete()) {
                    return CheckResults.notVerified(options, check, subject(step), seeded.notVerified() + " (" + summary + ")",
                            details, measured);
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
}
