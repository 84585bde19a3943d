package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.fixture.internal.BulkConnections;
import io.migratest.testing.SilentServer;
import io.migratest.testing.TestServers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The connection a fixture load runs on (opened with the dialect's bulk-load options) is bounded
 * like every other: against a {@link SilentServer} it gives up after the run's connect timeout
 * instead of hanging in the login handshake, and on a real server it reads within the read
 * timeout. No time limit here: a hang is the failure.
 */
class BulkConnectionBoundsTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_bulk_connection_to_a_silent_server_gives_up_after_the_connect_timeout(Engine engine) throws IOException {
        try (SilentServer silent = new SilentServer()) {
            String oneAttempt = engine == Engine.POSTGRES ? "?sslmode=disable" : "";
            String url = "jdbc:" + engine.vendor() + "://" + silent.hostAndPort() + "/" + Dialect.of(engine).adminDatabase()
                    + oneAttempt;
            TestDatabase database = new Pointing(engine, url, Settings.of("migratest.connectTimeoutSeconds", "1"));

            assertThatThrownBy(() -> BulkConnections.open(database).close()).isInstanceOf(SQLException.class);
            assertThat(silent.accepted()).as("it did reach the silent server").isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_bulk_connection_reads_within_the_runs_read_timeout(Engine engine) throws SQLException {
        try (TestDatabase real = TestServers.of(engine).createDatabase()) {
            TestDatabase database = new Pointing(engine, real.jdbcUrl(), real.user(), real.password(),
                    Settings.of("migratest.readTimeoutSeconds", "1234"));
            try (Connection connection = BulkConnections.open(database)) {
                assertThat(connection.getNetworkTimeout()).isEqualTo(1_234_000);
            }
        }
    }

    /** A database at {@code url} whose Jdbi carries {@code settings}, as Migratest's own databases do. */
    private record Pointing(Engine engine, String jdbcUrl, String user, String password, Jdbi jdbi)
            implements TestDatabase {

        Pointing(Engine engine, String url, Settings settings) {
            this(engine, url, Dialect.of(engine).defaultUser(), "", settings);
        }

        Pointing(Engine engine, String url, String user, String password, Settings settings) {
            this(engine, url, user, password, withSettings(url, user, password, engine, settings));
        }

        private static Jdbi withSettings(String url, String user, String password, Engine engine, Settings settings) {
            Jdbi jdbi = Jdbi.create(new SimpleDataSource(url, user, password, Dialect.of(engine), Timeouts.forWork(settings)));
            JdbiSettings.attach(jdbi, settings);
            return jdbi;
        }

        @Override
        public String name() {
            return "bulk";
        }

        @Override
        public DataSource dataSource() {
            return new SimpleDataSource(jdbcUrl, user, password, Dialect.of(engine), Timeouts.forWork(JdbiSettings.of(jdbi)));
        }

        @Override
        public void keep() {
        }

        @Override
        public void close() {
        }
    }
}
