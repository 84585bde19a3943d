package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseProviders;
import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The container provider on each engine. Images come from {@code migratest.<engine>.image}
 * (CI points them at local images); without Docker these tests are skipped, or fail when
 * {@code migratest.requireEngines} is set (see {@link TestServers#container}).
 */
class ContainerProviderTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_container_server_creates_copies_and_drops_databases(Engine engine) throws SQLException {
        DatabaseServer server = TestServers.container(engine);
        assertThat(server.providerName()).isEqualTo("container");
        assertThat(server.engine()).isEqualTo(engine);
        String templateName;
        String copyName;
        try (TestDatabase template = server.createDatabase()) {
            templateName = template.name();
            assertThat(template.jdbcUrl()).startsWith("jdbc:" + engine.vendor() + "://");
            template.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20))");
                h.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            });
            try (TestDatabase copy = server.cloneDatabase(template)) {
                copyName = copy.name();
                copy.jdbi().useHandle(h -> h.execute("INSERT INTO t VALUES (3, 'c')"));
                assertThat(count(copy.jdbi())).isEqualTo(3);
                assertThat(count(template.jdbi())).isEqualTo(2);
                assertThat(driverName(copy)).containsIgnoringCase(switch (engine) {
                    case POSTGRES -> "PostgreSQL";
                    case MYSQL -> "MySQL Connector";
                    case MARIADB -> "MariaDB Connector";
                });
            }
            assertThat(databases(template)).contains(templateName).doesNotContain(copyName);
            assertThat(server.describe()).doesNotContain(template.password());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void on_a_fresh_server_a_dead_runs_databases_are_reclaimed_and_a_live_runs_kept(Engine engine) throws SQLException {
        DatabaseServer live = TestServers.container(engine);
        try (TestDatabase liveDatabase = live.createDatabase()) {
            Dialect dialect = Dialects.of(engine);
            String adminUrl = JdbcUrls.withDatabase(liveDatabase.jdbcUrl(), engine == Engine.POSTGRES ? "postgres" : "");
            try (Connection admin = DriverManager.getConnection(adminUrl, liveDatabase.user(), liveDatabase.password());
                    Statement statement = admin.createStatement()) {
                statement.execute(dialect.createDatabase("migratest_deadrun_1"));
                statement.execute(dialect.createDatabase("migratest_deadrun_2"));
                statement.execute(dialect.createDatabase("migratest_notours"));
                Settings settings = Settings.of("migratest." + engine.key() + ".url", adminUrl,
                        "migratest." + engine.key() + ".user", liveDatabase.user(),
                        "migratest." + engine.key() + ".password", liveDatabase.password(),
                        "migratest.reclaimAfterMinutes", "0");
                try (DatabaseServer next = DatabaseProviders.choose(engine, "server", settings).start(engine, settings)) {
                    List<String> names = databases(liveDatabase);
                    assertThat(names).doesNotContain("migratest_deadrun_1", "migratest_deadrun_2")
                            .contains(liveDatabase.name(), "migratest_notours");
                    assertThat(next.describe()).doesNotContain(liveDatabase.password());
                } finally {
                    statement.execute(dialect.dropDatabase("migratest_notours"));
                }
            }
        }
    }

    @Test
    void images_default_to_the_official_ones_and_follow_the_settings() {
        assertThat(ContainerProvider.imageName(Engine.POSTGRES, Settings.of())).isEqualTo("postgres:17");
        assertThat(ContainerProvider.imageName(Engine.MYSQL, Settings.of())).isEqualTo("mysql:8.4");
        assertThat(ContainerProvider.imageName(Engine.MARIADB, Settings.of())).isEqualTo("mariadb:11.4");
        assertThat(ContainerProvider.imageName(Engine.MYSQL, Settings.of("MIGRATEST_MYSQL_IMAGE", "local/db:1")))
                .isEqualTo("local/db:1");
    }

    private static long count(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM t").mapTo(Long.class).one());
    }

    private static String driverName(TestDatabase database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            return connection.getMetaData().getDriverName();
        }
    }

    private static List<String> databases(TestDatabase any) throws SQLException {
        String sql = Dialects.of(any.engine()).listDatabases();
        try (Connection connection = any.dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
