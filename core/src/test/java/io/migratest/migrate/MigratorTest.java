package io.migratest.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.MigratestException;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigratorTest {

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void migrates_all_then_reports_history_and_nothing_pending(Engine engine) {
        try (TestDatabase database = TestServers.of(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(database).locations("classpath:migrations/basic").load();

            assertThat(migrator.currentVersion()).isEmpty();
            assertThat(migrator.pending()).extracting(MigrationStep::version).containsExactly("1", "2", "3");

            assertThat(migrator.migrate()).isEqualTo(3);

            assertThat(migrator.currentVersion()).hasValue("3");
            assertThat(migrator.pending()).isEmpty();
            assertThat(migrator.history()).extracting(MigrationStep::version, MigrationStep::type)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("1", "SQL"),
                            org.assertj.core.groups.Tuple.tuple("2", "SQL"),
                            org.assertj.core.groups.Tuple.tuple("3", "JDBC"));
            assertThat(owners(database.jdbi())).containsExactly("Ada", "Grace");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void steps_through_one_version_at_a_time(Engine engine) {
        try (TestDatabase database = TestServers.of(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(database).locations("classpath:migrations/basic").load();

            migrator.migrateTo("2");
            assertThat(owners(database.jdbi())).containsExactly("  ada ", "GRACE");
            assertThat(migrator.info()).extracting(MigrationStep::isApplied).containsExactly(true, true, false);

            assertThat(migrator.migrateOneStep()).hasValue("3");
            assertThat(owners(database.jdbi())).containsExactly("Ada", "Grace");
            assertThat(migrator.migrateOneStep()).hasValue("3");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void one_run_to_a_version_tells_each_migration_as_it_starts_and_is_applied(Engine engine) {
        try (TestDatabase database = TestServers.of(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(database).locations("classpath:migrations/basic").load();
            List<String> told = new ArrayList<>();

            int executed = migrator.migrateTo("2", new Migrator.StepListener() {
                @Override
                public void starting(String version) {
                    told.add("starting " + version);
                }

                @Override
                public void applied(String version) {
                    told.add("applied " + version);
                }
            });

            assertThat(executed).isEqualTo(2);
            assertThat(told).containsExactly("starting 1", "applied 1", "starting 2", "applied 2");
            assertThat(migrator.currentVersion()).hasValue("2");
            // later steps of the same migrator skip Flyway's validation, yet still apply what is pending
            assertThat(migrator.migrateTo("3")).isEqualTo(1);
            assertThat(migrator.migrateTo("3")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void refuses_unknown_versions_and_going_back(Engine engine) {
        try (TestDatabase database = TestServers.of(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(database).locations("classpath:migrations/basic").load();

            assertThatThrownBy(() -> migrator.migrateTo("7"))
                    .isInstanceOf(MigratestException.class)
                    .hasMessageContaining("No migration has version 7 in classpath:migrations/basic")
                    .hasMessageContaining("versions found: 1, 2, 3");

            migrator.migrateTo("3");
            assertThatThrownBy(() -> migrator.migrateTo("1"))
                    .isInstanceOf(MigratestException.class)
                    .hasMessageContaining("Cannot migrate " + engine + " database " + database.name()
                            + " to version 1: it is already at version 3");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_failing_java_step_names_itself_and_its_error_and_is_rolled_back(Engine engine) {
        try (TestDatabase database = TestServers.of(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(database).locations("classpath:migrations/failingjava").load();

            assertThatThrownBy(migrator::migrate)
                    .isInstanceOf(MigrationFailedException.class)
                    .hasMessageContaining("Migration migrations.failingjava.V2__Half_done (version 2) failed on "
                            + engine + " database " + database.name())
                    .hasMessageContaining("owner 'half' has no account number");

            if (engine == Engine.POSTGRES) {
                assertThat(migrator.currentVersion()).hasValue("1");
            } else {
                // Without transactional DDL, Flyway records the failure; `flyway repair` clears it.
                assertThat(migrator.info()).extracting(MigrationStep::version, MigrationStep::state)
                        .contains(org.assertj.core.groups.Tuple.tuple("2", "Failed"));
            }
            long rows = database.jdbi().withHandle(h ->
                    h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Long.class).one());
            assertThat(rows).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void flyway_settings_pass_through(Engine engine) {
        try (TestDatabase database = TestServers.of(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(database)
                    .locations("classpath:migrations/basic")
                    .flyway(flyway -> flyway.target("1"))
                    .load();

            assertThat(migrator.migrate()).isEqualTo(1);
            assertThat(migrator.currentVersion()).hasValue("1");
        }
    }

    private static List<String> owners(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT owner FROM accounts ORDER BY id").mapTo(String.class).list());
    }
}
