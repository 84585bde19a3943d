package io.migratest.check.internal;

import static io.migratest.check.internal.CheckResults.cap;
import static io.migratest.check.internal.CheckResults.failed;
import static io.migratest.check.internal.CheckResults.passed;

import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.Schema;
import io.migratest.db.Setting;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The check "schema matches snapshot": the migrated schema equals the committed snapshot file. */
public final class SchemaSnapshotCheck {
    static final String CHECK = "schema matches snapshot";

    private final CheckRun run;
    private final TestDatabase database;
    private final Migrator migrator;
    private final CheckOptions options;

    public SchemaSnapshotCheck(CheckRun run) {
        this.run = run;
        this.database = run.database();
        this.migrator = run.migrator();
        this.options = run.options();
    }

    /**
     * The schema after all migrations equals the committed snapshot
     * {@code <snapshotDirectory>/schema-<engine>.txt}. A missing snapshot is written (and fails
     * instead when {@link CheckOptions#failOnMissingFiles()}); {@code migratest.updateSnapshots=true}
     * rewrites it.
     */
    public List<CheckStep> steps() {
        String check = CHECK;
        return List.of(new CheckStep(check, "", () -> run.timed(check, "", () -> {
            migrator.migrate();
            return compare(Schema.read(database));
        })));
    }

    /** The result of comparing {@code migrated}, the schema after every migration, with the committed snapshot. */
    CheckResult compare(Schema migrated) {
        String check = CHECK;
        Path file = snapshotFile();
        String actual = SnapshotFile.normalise(migrated.toText());
        Optional<String> expected = SnapshotFile.read(file);
        if (options.updateSnapshots()) {
            SnapshotFile.write(file, actual);
            return passed(check, "", "snapshot rewritten: " + file + " (" + Setting.UPDATE_SNAPSHOTS.key() + " is on)");
        }
        Path copy = options.outputDirectory().resolve("schema-" + database.engine().key() + ".actual.txt");
        if (expected.isEmpty()) {
            if (options.failOnMissingFiles()) {
                SnapshotFile.write(copy, actual);
                return failed(check, "", "no schema snapshot at " + file.toAbsolutePath() + " => commit one: copy "
                        + copy + " there, or run the tests with -D" + Setting.UPDATE_SNAPSHOTS.key() + "=true", List.of());
            }
            SnapshotFile.write(file, actual);
            return passed(check, "", "no snapshot yet: wrote " + file + "; commit it");
        }
        if (expected.get().equals(actual)) {
            return passed(check, "", "schema matches " + file);
        }
        SnapshotFile.write(copy, actual);
        List<String> diff = SnapshotFile.diff(file.toString(), expected.get(), "migrated schema (" + copy + ")", actual);
        List<String> changed = SnapshotFile.changedObjects(expected.get(), actual);
        return failed(check, "", "the migrated " + database.engine() + " schema differs from the snapshot " + file
                + (changed.isEmpty() ? "" : " in " + changed.size() + " object(s): " + String.join("; ",
                        changed.subList(0, Math.min(5, changed.size()))) + (changed.size() > 5 ? "; ..." : ""))
                + " => if the change is meant, run the tests with -D" + Setting.UPDATE_SNAPSHOTS.key() + "=true (or copy " + copy
                + ") and commit the snapshot; otherwise fix the migration", cap(diff));
    }

    private Path snapshotFile() {
        return options.snapshotDirectory().resolve("schema-" + database.engine().key() + ".txt");
    }
}
