package io.migratest.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.LockWaits;
import io.migratest.testing.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigratorFlywayConfigurationTest {

    @Test
    void create_index_concurrently_applies_with_the_defaults(@TempDir Path project) {
        try (TestDatabase database = TestServers.of(Engine.POSTGRES).createDatabase()) {
            Migrator migrator = Migrator.configure(database).locations("classpath:migrations/concurrently")
                    .projectEnvironment(project, Map.of()).stepTimeout(Duration.ofSeconds(30)).load();

            assertThat(migrator.migrate()).isEqualTo(2);
            int indexes = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(*) FROM pg_indexes WHERE indexname = 'i'").mapTo(Integer.class).one());
            assertThat(indexes).isEqualTo(1);
        }
    }

    @Test
    void flyways_transactional_lock_when_the_project_asks_for_it_is_named_as_the_holder(@TempDir Path project) {
        try (TestDatabase database = TestServers.of(Engine.POSTGRES).createDatabase()) {
            Migrator migrator = Migrator.configure(database).locations("classpath:migrations/concurrently")
                    .projectEnvironment(project, Map.of("FLYWAY_POSTGRESQL_TRANSACTIONAL_LOCK", "true"))
                    .stepTimeout(Duration.ofSeconds(3)).load();

            assertThatThrownBy(migrator::migrate)
                    .isInstanceOf(MigrationFailedException.class)
                    .hasMessageContaining("V2__index.sql")
                    .hasMessageContaining("): CREATE INDEX CONCURRENTLY i ON t (c)")
                    .hasMessageContaining("waits for lock: virtualxid ")
                    .hasMessageContaining("idle in transaction")
                    .hasMessageContaining("it holds an advisory lock, idle in its transaction: Flyway's own lock connection")
                    .hasMessageContaining("=> set flyway.postgresql.transactional.lock=false");
        }
    }

    @Test
    void project_files_then_environment_then_hook_then_builder_and_never_their_url(@TempDir Path project)
            throws IOException {
        Files.writeString(project.resolve("flyway.conf"), String.join("\n",
                "flyway.table=from_file",
                "flyway.placeholders.greeting=file",
                "flyway.url=jdbc:postgresql://127.0.0.1:1/not_ours",
                "flyway.user=intruder"));
        try (TestDatabase database = TestServers.of(Engine.POSTGRES).createDatabase()) {
            Migrator fileOnly = Migrator.configure(database).locations("classpath:migrations/basic")
                    .projectEnvironment(project, Map.of()).load();
            fileOnly.migrateTo("1");
            assertThat(tables(database)).contains("from_file");

            Migrator environment = Migrator.configure(database).locations("classpath:migrations/basic")
                    .projectEnvironment(project, Map.of("FLYWAY_TABLE", "from_environment")).load();
            assertThat(environment.currentVersion()).isEmpty();

            Migrator hook = Migrator.configure(database).locations("classpath:migrations/basic")
                    .projectEnvironment(project, Map.of("FLYWAY_TABLE", "from_environment"))
                    .customizer(flyway -> flyway.table("from_hook")).load();
            Migrator builder = Migrator.configure(database).locations("classpath:migrations/basic")
                    .projectEnvironment(project, Map.of("FLYWAY_TABLE", "from_environment"))
                    .customizer(flyway -> flyway.table("from_hook")).flyway(flyway -> flyway.table("from_file")).load();
            assertThat(hook.currentVersion()).isEmpty();
            assertThat(builder.currentVersion()).hasValue("1");
        }
    }

    @Test
    void neither_environment_nor_hook_can_point_flyway_at_another_database(@TempDir Path project) {
        try (TestDatabase database = TestServers.of(Engine.POSTGRES).createDatabase()) {
            Migrator migrator = Migrator.configure(database).locations("classpath:migrations/basic")
                    .projectEnvironment(project, Map.of("FLYWAY_URL", "jdbc:postgresql://127.0.0.1:1/not_ours"))
                    .flyway(flyway -> flyway.dataSource("jdbc:postgresql://127.0.0.1:1/x", "u", "p")).load();

            assertThat(migrator.migrate()).isEqualTo(3);
            assertThat(tables(database)).contains("flyway_schema_history");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_step_waiting_on_a_lock_is_cancelled_after_its_bound_naming_lock_and_holder(Engine engine) throws Exception {
        try (TestDatabase database = TestServers.of(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(database).locations("classpath:migrations/lockwait")
                    .stepTimeout(Duration.ofSeconds(2)).load();
            migrator.migrateTo("1");
            try (Connection holder = database.dataSource().getConnection()) {
                holder.setAutoCommit(false);
                try (Statement statement = holder.createStatement()) {
                    statement.executeQuery("SELECT * FROM t").close();
                }
                long holderId = LockWaits.of(engine).sessionId(holder);

                assertThatThrownBy(migrator::migrate)
                        .isInstanceOf(MigrationFailedException.class)
                        .hasMessageContaining("V2__add_column.sql")
                        .hasMessageContaining("passed its bound of 2 s (migratest.migrationStepTimeoutSeconds)")
                        .hasMessageContaining("): ALTER TABLE t ADD COLUMN c integer")
                        .hasMessageContaining("waits for lock: ")
                        .hasMessageContaining(engine == Engine.POSTGRES ? "waits for lock: relation on t (AccessExclusiveLock)"
                                : engine == Engine.MYSQL ? "waits for lock: metadata lock EXCLUSIVE on TABLE " + database.name() + ".t"
                                : "waits for lock: table metadata lock")
                        .hasMessageContaining("held by " + (engine == Engine.POSTGRES ? "pid " : "connection ") + holderId)
                        .hasMessageContaining("the holder's transaction must end");
                holder.rollback();
            }
        }
    }

    private static java.util.List<String> tables(TestDatabase database) {
        return database.jdbi().withHandle(h -> h.createQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
                .mapTo(String.class).list());
    }
}
