package io.migratest.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.testing.TestCheckOptions;
import io.migratest.testing.TestServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lock rehearsal's writers fill a table whose unique, required column is generated from a
 * JSON document: their values carry the keys the generation expression reads, so the server
 * refuses none of their writes; and one keyed by an identity column they must not set.
 */
class GeneratedColumnWritersTest {

    @TempDir
    Path files;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void writers_insert_into_a_table_with_a_column_generated_from_json(Engine engine) {
        DatabaseServer server = engine == Engine.MYSQL ? TestServers.mysqlServer() : TestServers.of(engine);
        assertAllWritesMade(server, "classpath:checks/generated-writers/{vendor}");
    }

    /**
     * A PostgreSQL {@code GENERATED ALWAYS} identity key: the writers' UPDATE sets a plain column
     * to itself, never the identity, which the server refuses ("can only be updated to DEFAULT").
     */
    @Test
    void writers_update_a_table_keyed_by_an_identity_always_without_a_refusal() {
        assertAllWritesMade(TestServers.of(Engine.POSTGRES), "classpath:checks/identity-writers");
    }

    /** The lock rehearsal of the history's V2 passes with writes made and none refused. */
    private void assertAllWritesMade(DatabaseServer server, String locations) {
        CheckOptions options = TestCheckOptions.in(files)
                .build();
        try (TestDatabase db = server.createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations(locations).load();
            List<CheckResult> results = Checks.on(db, migrator, options).lockRehearsal().stream()
                    .map(CheckStep::run).toList();

            assertThat(results).hasSize(2);
            CheckResult adding = results.get(1);
            assertThat(adding.passed()).as(adding.fullMessage()).isTrue();
            assertThat(adding.fullMessage()).doesNotContain("no writer").doesNotContain("not verified");
            assertThat(adding.measurements().get("writes")).as(adding.fullMessage()).isPositive();
            assertThat(adding.measurements()).as(adding.fullMessage()).containsEntry("refusedWrites", 0L);
        }
    }
}
