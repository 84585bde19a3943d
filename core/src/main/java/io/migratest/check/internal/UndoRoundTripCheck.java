package io.migratest.check.internal;

import static io.migratest.check.internal.CheckResults.cap;
import static io.migratest.check.internal.CheckResults.failed;
import static io.migratest.check.internal.CheckResults.passed;
import static io.migratest.check.internal.CheckResults.previousVersion;
import static io.migratest.check.internal.CheckResults.skipped;
import static io.migratest.check.internal.CheckResults.subject;

import io.migratest.MigratestException;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.Schema;
import io.migratest.check.internal.MigrationFiles.MigrationFile;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.Dialect;
import io.migratest.fixture.internal.SqlScript;
import io.migratest.migrate.MigrationFailedException;
import io.migratest.migrate.MigrationStep;
import io.migratest.migrate.Migrator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The check "undo round trip": where an undo script exists, migration N and then its undo leave the
 * schema of N-1, and N applies again.
 */
public final class UndoRoundTripCheck {
    static final String CHECK = "undo round trip";

    private final CheckRun run;
    private final TestDatabase database;
    private final Migrator migrator;
    // where the undo scripts run (and Flyway's history is edited), and where the schema is read
    private final DataSource scripts;
    private final DataSource readers;

    public UndoRoundTripCheck(CheckRun run) {
        this(run, run.database().dataSource(), run.database().dataSource(), run.migrator());
    }

    /**
     * A round trip whose undo scripts run on {@code scripts} (as the migrations do, so that what
     * a script leaves in its session stays there), whose schema is read on {@code readers}, and
     * whose steps apply again with {@code migrator}: e.g. the connections a shared pass keeps.
     */
    UndoRoundTripCheck(CheckRun run, DataSource scripts, DataSource readers, Migrator migrator) {
        this.run = run;
        this.database = run.database();
        this.migrator = migrator;
        this.scripts = scripts;
        this.readers = readers;
    }

    /**
     * Where an undo script {@code U<version>__*.sql} exists, running migration N and then its undo
     * leaves the schema exactly as it was at N-1 (and N applies again afterwards). Skipped when
     * there are no undo scripts.
     */
    public List<CheckStep> steps() {
        String check = CHECK;
        Map<String, MigrationFile> undo = undoScripts();
        if (undo.isEmpty()) {
            return List.of(new CheckStep(check, "", () -> run.record(skipped(check, "", "no undo scripts (U<version>__*.sql)"
                    + " in " + migrator.locations()))));
        }
        List<MigrationStep> versions = run.versioned();
        StepSequence sequence = run.sequence(check);
        List<CheckStep> steps = new ArrayList<>();
        for (MigrationStep step : versions) {
            MigrationFile script = undo.get(step.version());
            if (script == null) {
                continue;
            }
            steps.add(sequence.step(subject(step), () -> {
                // Everything before this version first, in one run, so the "before" schema is N-1's.
                int index = versions.indexOf(step);
                if (index > 0) {
                    migrator.migrateTo(versions.get(index - 1).version());
                }
                String before = Schema.read(database).toText();
                migrator.migrateTo(step.version());
                return roundTrip(step, versions, script, before, Schema.read(database).toText());
            }));
        }
        return steps;
    }

    /**
     * The round trip of {@code step}, now applied on a database whose schema was {@code before}
     * and is {@code applied}: its undo script runs, the schema must be {@code before} again, and
     * the step must apply again (which leaves the database at {@code step}).
     */
    CheckResult roundTrip(MigrationStep step, List<MigrationStep> versions, MigrationFile script, String before,
            String applied) throws SQLException {
        Optional<CheckResult> undone = undo(step, versions, script, before, applied);
        if (undone.isPresent()) {
            return undone.get();
        }
        try {
            migrator.migrateTo(step.version());
        } catch (MigrationFailedException e) {
            return notAppliedAgain(step, script, e);
        }
        return appliedAgain(step, versions, script);
    }

    /**
     * The round trip of {@code step} up to applying it again: its undo script runs and the schema
     * is compared with {@code before}. The result when the round trip ends here (the schema
     * differs, or the step changed none); else empty, and the step is forgotten by Flyway's
     * history, so that the next migrate applies it again, which {@link #appliedAgain} or
     * {@link #notAppliedAgain} then reports (a shared pass lets its next Flyway run do it).
     */
    Optional<CheckResult> undo(MigrationStep step, List<MigrationStep> versions, MigrationFile script, String before,
            String applied) throws SQLException {
        String check = CHECK;
        try (Connection connection = scripts.getConnection()) {
            runScript(connection, script);
        }
        String after = schemaText();
        List<String> diff = SnapshotFile.diff("schema at V" + previousVersion(versions, step),
                before, "schema after V" + step.version() + " and " + script.name(), after);
        if (!diff.isEmpty()) {
            return Optional.of(failed(check, subject(step), script.name() + " does not undo V" + step.version()
                    + ": the schema after it differs from the schema before V" + step.version()
                    + " => make the undo script reverse every change of the migration", cap(diff)));
        }
        if (before.equals(applied)) {
            // The migration changed no schema; nothing to learn from the round trip, but it passes.
            return Optional.of(passed(check, subject(step), "V" + step.version() + " changes no schema; "
                    + script.name() + " keeps it"));
        }
        try (Connection connection = scripts.getConnection()) {
            forget(connection, step.version());
        }
        return Optional.empty();
    }

    /** The result of a round trip whose step applied again after {@link #undo}. */
    CheckResult appliedAgain(MigrationStep step, List<MigrationStep> versions, MigrationFile script) {
        return passed(CHECK, subject(step), script.name() + " restores the schema of V"
                + previousVersion(versions, step) + ", and V" + step.version() + " applies again");
    }

    /** The result of a round trip whose step did not apply again after {@link #undo}. */
    CheckResult notAppliedAgain(MigrationStep step, MigrationFile script, MigrationFailedException failure) {
        return failed(CHECK, subject(step), "V" + step.version() + " does not apply again after " + script.name()
                + " => the undo leaves something behind the migration then trips over", List.of(failure.getMessage()));
    }

    /** The schema now, as text, read whole. */
    private String schemaText() throws SQLException {
        try (Connection connection = readers.getConnection()) {
            return SchemaReader.read(connection, database.engine()).toText();
        }
    }

    /** The undo scripts by version. */
    Map<String, MigrationFile> undoScripts() {
        List<MigrationFile> files = MigrationFiles.scan(migrator.locations(), UndoRoundTripCheck.class.getClassLoader());
        Map<String, MigrationFile> undo = new LinkedHashMap<>();
        files.stream().filter(f -> f.prefix() == 'U' && !f.java()).forEach(f -> undo.put(f.version(), f));
        return undo;
    }

    private void runScript(Connection connection, MigrationFile script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (SqlScript.Statement sql : SqlScript.split(script.content(), Dialect.of(database.engine()).backslashEscapes())) {
                try {
                    statement.execute(sql.sql());
                } catch (SQLException e) {
                    throw new MigratestException("Undo script " + script.where() + " failed at line " + sql.line() + ": "
                            + e.getMessage() + " => fix the statement: " + firstLine(sql.sql()), e);
                }
            }
        }
    }

    /** Removes {@code version} from Flyway's history, so that it can apply again. */
    void forget(String version) throws SQLException {
        try (Connection connection = scripts.getConnection()) {
            forget(connection, version);
        }
    }

    /** Removes a version from Flyway's history, as Flyway Teams' undo does, so that it can apply again. */
    private void forget(Connection connection, String version) throws SQLException {
        String history = Dialect.of(database.engine()).historyTable(connection)
                .orElseThrow(() -> new MigratestException("No Flyway history table in " + database.name()));
        String quoted = Dialect.of(database.engine()).quote(history);
        try (var statement = connection.prepareStatement("DELETE FROM " + quoted + " WHERE version = ?")) {
            statement.setString(1, version);
            statement.executeUpdate();
        }
    }

    private static String firstLine(String sql) {
        return sql.lines().findFirst().orElse(sql);
    }
}
