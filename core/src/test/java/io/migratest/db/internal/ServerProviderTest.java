package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.MigratestException;
import io.migratest.db.DatabaseProvider;
import io.migratest.db.DatabaseProviders;
import io.migratest.db.DatabaseServer;
import io.migratest.db.DatabaseUnavailableException;
import io.migratest.db.Engine;
import io.migratest.db.InvalidSettingException;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server provider against the machine's own PostgreSQL 15 (127.0.0.1:5432, postgres, trust),
 * MariaDB (127.0.0.1:3306, root, no password) and MySQL (127.0.0.1:3307, root, no password; see
 * {@link TestServers#mysqlServerSettings}). Reclaiming runs with no minimum age is tested on
 * a private embedded PostgreSQL, so that it cannot touch databases of other runs on the shared
 * services.
 */
class ServerProviderTest {

    private static final String POSTGRES_URL = System.getProperty("migratest.test.postgres.url",
            "jdbc:postgresql://127.0.0.1:5432/") + "postgres";
    private static final String MARIADB_URL = System.getProperty("migratest.test.mariadb.url",
            "jdbc:mariadb://127.0.0.1:3306/");

    private final DatabaseProvider provider = DatabaseProviders.named("server").orElseThrow();

    private static Settings local(Engine engine) {
        return switch (engine) {
            case POSTGRES -> Settings.of("migratest.postgres.url", POSTGRES_URL, "migratest.postgres.user", "postgres");
            case MARIADB -> Settings.of("migratest.mariadb.url", MARIADB_URL, "migratest.mariadb.user", "root");
            case MYSQL -> TestServers.mysqlServerSettings();
        };
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void without_a_url_it_says_which_setting_to_make(Engine engine) {
        String key = engine.name().toLowerCase(Locale.ROOT);
        assertThat(provider.unavailableReason(engine, Settings.of()))
                .contains("migratest." + key + ".url", "MIGRATEST_" + engine.name() + "_URL");
        assertThatThrownBy(() -> DatabaseProviders.choose(engine, "server", Settings.of()))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("migratest." + key + ".url");
    }

    @Test
    void an_unreachable_server_is_unavailable_and_no_password_is_shown() {
        Settings postgres = Settings.of("migratest.postgres.url", "jdbc:postgresql://127.0.0.1:1/postgres?password=hunter2",
                "migratest.postgres.password", "s3cret-pw");
        assertThat(provider.unavailableReason(Engine.POSTGRES, postgres))
                .contains("does not answer", "127.0.0.1:1", "migratest.postgres.url")
                .doesNotContain("hunter2", "s3cret-pw");
        Settings mariadb = Settings.of("migratest.mariadb.url", "jdbc:mariadb://127.0.0.1:1/",
                "migratest.mariadb.password", "s3cret-pw");
        assertThat(provider.unavailableReason(Engine.MARIADB, mariadb))
                .contains("does not answer", "127.0.0.1:1")
                .doesNotContain("s3cret-pw");
        assertThatThrownBy(() -> provider.start(Engine.MARIADB, mariadb))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageNotContaining("s3cret-pw");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "MYSQL"})
    void a_wrong_password_is_reported_without_the_password(Engine engine) {
        Settings wrong = local(engine).with("migratest." + engine.key() + ".password", "s3cret-pw");
        assertThat(provider.unavailableReason(engine, wrong))
                .contains("does not answer as user 'root'")
                .doesNotContain("s3cret-pw");
    }

    @Test
    void each_engine_needs_its_own_driver_in_the_url() {
        Settings mysqlOnMariaDbDriver = Settings.of("migratest.mysql.url", MARIADB_URL);
        assertThat(provider.unavailableReason(Engine.MYSQL, mysqlOnMariaDbDriver))
                .contains("migratest.mysql.url", "jdbc:mysql:");
    }

    @Test
    void a_mysql_engine_server_is_real_mysql_through_mysql_connector_j() throws SQLException {
        try (DatabaseServer server = provider.start(Engine.MYSQL, local(Engine.MYSQL));
                TestDatabase database = server.createDatabase()) {
            assertThat(server.providerName()).isEqualTo("server");
            assertThat(database.jdbcUrl()).startsWith("jdbc:mysql://").contains("rewriteBatchedStatements=true");
            String driver = database.jdbi().withHandle(h -> h.getConnection().getMetaData().getDriverName());
            assertThat(driver).containsIgnoringCase("MySQL Connector");
            String version = database.jdbi().withHandle(h -> h.createQuery("SELECT VERSION()").mapTo(String.class).one());
            assertThat(version).as("the MYSQL engine's server").doesNotContainIgnoringCase("MariaDB").matches("\\d+\\.\\d+\\.\\d+.*");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void it_creates_and_drops_its_own_databases_and_refuses_any_other(Engine engine) throws SQLException {
        Settings settings = local(engine);
        String foreign = "mtforeign_" + RunId.next();
        String otherRun = "migratest_" + RunId.next() + "_1";
        Dialect dialect = Dialects.of(engine);
        try (Connection admin = connect(engine, settings); Statement statement = admin.createStatement()) {
            statement.execute(dialect.createDatabase(foreign));
            statement.execute(dialect.createDatabase(otherRun));
            String name;
            try (DatabaseServer server = DatabaseProviders.choose(engine, "server", settings).start(engine, settings)) {
                ManagedServer managed = (ManagedServer) server;
                assertThat(server.providerName()).isEqualTo("server");
                try (TestDatabase database = server.createDatabase()) {
                    name = database.name();
                    assertThat(name).startsWith(managed.runPrefix()).matches(ManagedServer.DATABASE_NAME);
                    assertThat(exists(admin, dialect, name)).isTrue();
                    database.jdbi().useHandle(h -> h.execute("CREATE TABLE t (id INTEGER)"));
                }
                assertThat(exists(admin, dialect, name)).as("dropped on close").isFalse();

                managed.drop(foreign);
                managed.drop(otherRun);
                managed.drop(engine == Engine.POSTGRES ? "postgres" : "mysql");
                assertThat(exists(admin, dialect, foreign)).isTrue();
                assertThat(exists(admin, dialect, otherRun)).isTrue();
            }
            assertThat(exists(admin, dialect, foreign)).as("after close").isTrue();
            assertThat(exists(admin, dialect, otherRun)).as("a young run's database after close").isTrue();
        } finally {
            try (Connection admin = connect(engine, settings); Statement statement = admin.createStatement()) {
                statement.execute(dialect.dropDatabase(foreign));
                statement.execute(dialect.dropDatabase(otherRun));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_database_closed_in_the_background_is_gone_once_the_server_is_closed_and_a_kept_one_stays(Engine engine)
            throws SQLException {
        Settings settings = local(engine);
        Dialect dialect = Dialects.of(engine);
        String done;
        String kept;
        try (Connection admin = connect(engine, settings)) {
            try (DatabaseServer server = provider.start(engine, settings)) {
                TestDatabase first = server.createDatabase();
                first.jdbi().useHandle(h -> h.execute("CREATE TABLE t (id INTEGER)"));
                done = first.name();
                TestDatabase failed = server.createDatabase();
                kept = failed.name();
                failed.keep();

                ManagedServer.closeInBackground(first);
                ManagedServer.closeInBackground(failed);
                // the server goes on making databases meanwhile
                try (TestDatabase next = server.createDatabase()) {
                    assertThat(exists(admin, dialect, next.name())).isTrue();
                }
            }
            try {
                assertThat(exists(admin, dialect, done)).as("dropped before the server's close returned").isFalse();
                assertThat(exists(admin, dialect, kept)).as("kept for inspection").isTrue();
            } finally {
                try (Statement statement = admin.createStatement()) {
                    statement.execute(dialect.dropDatabase(kept));
                    statement.execute(dialect.dropDatabase(KeptDatabases.markerOf(kept)));
                }
            }
        }
    }

    @Test
    void a_database_it_did_not_create_cannot_be_used_as_a_template() {
        try (DatabaseServer server = provider.start(Engine.POSTGRES, local(Engine.POSTGRES));
                DatabaseServer other = provider.start(Engine.POSTGRES, local(Engine.POSTGRES));
                TestDatabase foreign = other.createDatabase()) {
            assertThatThrownBy(() -> server.cloneDatabase(foreign))
                    .isInstanceOf(MigratestException.class)
                    .hasMessageContaining("only databases this run created can be copied");
        }
    }

    @Test
    void descriptions_and_urls_never_show_the_password() {
        // The local PostgreSQL trusts every connection, so any password gets in.
        Settings settings = local(Engine.POSTGRES).with("migratest.postgres.password", "s3cret-pw")
                .with("migratest.postgres.url", POSTGRES_URL + "?password=s3cret-pw");
        try (DatabaseServer server = provider.start(Engine.POSTGRES, settings);
                TestDatabase database = server.createDatabase()) {
            assertThat(server.describe()).contains("127.0.0.1:5432").doesNotContain("s3cret-pw");
            assertThat(server.toString()).doesNotContain("s3cret-pw");
            assertThat(database.toString()).contains(database.name()).doesNotContain("s3cret-pw");
            assertThat(settings.toString()).doesNotContain("s3cret-pw");
        }
    }

    @Test
    void a_killed_runs_leftovers_are_reclaimed_a_live_runs_and_foreign_databases_are_not() throws IOException, SQLException {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Settings settings = Settings.of("migratest.postgres.url", postgres.getJdbcUrl("postgres", "postgres"),
                    "migratest.reclaimAfterMinutes", "0");
            Dialect dialect = new PostgresDialect();
            try (Connection admin = connect(Engine.POSTGRES, settings); Statement statement = admin.createStatement();
                    DatabaseServer live = provider.start(Engine.POSTGRES, settings);
                    TestDatabase liveDatabase = live.createDatabase()) {
                for (String name : List.of("migratest_deadrun_1", "migratest_deadrun_2", "migratest_notours",
                        "app_migratest_x_1")) {
                    statement.execute(dialect.createDatabase(name));
                }
                try (DatabaseServer next = provider.start(Engine.POSTGRES, settings)) {
                    assertThat(exists(admin, dialect, "migratest_deadrun_1")).isFalse();
                    assertThat(exists(admin, dialect, "migratest_deadrun_2")).isFalse();
                    assertThat(exists(admin, dialect, liveDatabase.name())).as("a live run's database").isTrue();
                    assertThat(exists(admin, dialect, "migratest_notours")).isTrue();
                    assertThat(exists(admin, dialect, "app_migratest_x_1")).isTrue();
                    assertThat(((ManagedServer) next).reclaimAbandoned(Duration.ZERO)).isEmpty();
                }
            }
        }
    }

    @Test
    void a_dead_run_younger_than_the_minimum_age_is_left_alone() throws IOException, SQLException {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Settings settings = Settings.of("migratest.postgres.url", postgres.getJdbcUrl("postgres", "postgres"));
            Dialect dialect = new PostgresDialect();
            String young = "migratest_" + Long.toString(Instant.now().getEpochSecond(), 36) + "dead_1";
            String old = "migratest_" + Long.toString(Instant.now().minusSeconds(3600).getEpochSecond(), 36) + "dead_1";
            try (Connection admin = connect(Engine.POSTGRES, settings); Statement statement = admin.createStatement()) {
                statement.execute(dialect.createDatabase(young));
                statement.execute(dialect.createDatabase(old));
                try (DatabaseServer server = provider.start(Engine.POSTGRES, settings)) {
                    assertThat(server.providerName()).isEqualTo("server");
                    assertThat(exists(admin, dialect, young)).isTrue();
                    assertThat(exists(admin, dialect, old)).isFalse();
                }
            }
        }
    }

    @Test
    void an_unreadable_minimum_age_is_a_configuration_error() {
        assertThatThrownBy(() -> ServerProvider.reclaimAfter(Settings.of("migratest.reclaimAfterMinutes", "soon")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid value for migratest.reclaimAfterMinutes (given in code): expected a whole number"
                        + " of minutes, 0 or more (0 reclaims at once), got 'soon'");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_run_lock_is_held_by_one_session_until_it_ends(Engine engine) throws SQLException, InterruptedException {
        Settings settings = local(engine);
        Dialect dialect = Dialects.of(engine);
        String run = RunId.next();
        boolean postgres = engine == Engine.POSTGRES;
        try (Connection other = connect(engine, settings)) {
            long session;
            try (Connection holder = connect(engine, settings)) {
                session = single(holder, postgres ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()");
                assertThat(dialect.tryLockRun(holder, run)).isTrue();
                assertThat(dialect.tryLockRun(other, run)).isFalse();
            }
            // The server ends a session a moment after the client hangs up; until then the lock
            // is held, which errs on the safe side.
            String alive = postgres ? "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = " + session
                    : "SELECT COUNT(*) FROM information_schema.processlist WHERE id = " + session;
            while (single(other, alive) > 0) {
                Thread.sleep(10);
            }
            assertThat(dialect.tryLockRun(other, run)).as("after the holder's session ended").isTrue();
            dialect.unlockRun(other, run);
        }
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(Engine engine, Settings settings) throws SQLException {
        String url = settings.get("migratest." + engine.key() + ".url").orElseThrow();
        String user = settings.get("migratest." + engine.key() + ".user").orElse(engine == Engine.POSTGRES ? "postgres" : "root");
        return DriverManager.getConnection(url, user, "");
    }

    private static boolean exists(Connection admin, Dialect dialect, String name) throws SQLException {
        try (Statement statement = admin.createStatement();
                var rs = statement.executeQuery(dialect.listDatabases())) {
            while (rs.next()) {
                if (rs.getString(1).equals(name)) {
                    return true;
                }
            }
            return false;
        }
    }
}
