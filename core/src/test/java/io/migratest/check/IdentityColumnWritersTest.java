package io.migratest.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.testing.TestServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock rehearsal's writers update a table keyed by a PostgreSQL {@code GENERATED ALWAYS}
 * identity without setting the identity (which the server refuses: "column can only be updated
 * to DEFAULT"), so none of their writes is refused and the rehearsal measures real row writes.
 */
class IdentityColumnWritersTest {

    @TempDir
    Path files;

    @Test
    void writers_update_a_table_keyed_by_an_identity_always_without_a_refusal() {
        CheckOptions options = CheckOptions.builder(Settings.of())
                .baselineFile(files.resolve("baseline.json"))
                .snapshotDirectory(files)
                .outputDirectory(files.resolve("out"))
                .failOnMissingFiles(false)
                .build();
        try (TestDatabase db = TestServers.of(Engine.POSTGRES).createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations("classpath:checks/identity-writers").load();
            List<CheckResult> results = Checks.on(db, migrator, options).lockRehearsal().stream()
                    .map(CheckStep::run).toList();

            assertThat(results).hasSize(2);
            CheckResult adding = results.get(1);
            assertThat(adding.passed()).as(adding.fullMessage()).isTrue();
            assertThat(adding.measurements().get("writes")).as(adding.fullMessage()).isPositive();
            assertThat(adding.measurements()).as(adding.fullMessage()).containsEntry("refusedWrites", 0L);
        }
    }
}
