package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.db.Engine;
import io.migratest.db.RunMemo;
import io.migratest.db.Settings;
import io.migratest.testing.SilentServer;
import io.migratest.testing.TestServers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every connection Migratest opens gives up within its bound: against a {@link SilentServer}
 * (accepts TCP, never answers) each driver's probe and work connection fail instead of hanging,
 * and the probe's answer is kept for the run. No time limit here: a hang is the failure.
 */
class BoundedWaitsTest {

    private static String url(Engine engine, SilentServer silent) {
        // pgjdbc's default sslmode=prefer tries once more without SSL, on its own thread after the
        // login timeout: one attempt keeps the count of connections exact
        String oneAttempt = engine == Engine.POSTGRES ? "?sslmode=disable" : "";
        return "jdbc:" + engine.vendor() + "://" + silent.hostAndPort() + "/" + Dialect.of(engine).adminDatabase()
                + oneAttempt;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_silent_server_fails_the_probe_naming_where_what_to_change_and_why(Engine engine) throws IOException {
        try (SilentServer silent = new SilentServer()) {
            Settings settings = Settings.of("migratest." + engine.key() + ".url", url(engine, silent),
                    "migratest." + engine.key() + ".password", "postgres", "migratest.probeTimeoutSeconds", "1");
            ServerProvider provider = new ServerProvider();
            RunMemo run = RunMemo.create();

            String reason = provider.unavailableReason(engine, settings, run);

            assertThat(reason)
                    .contains(silent.hostAndPort(), "does not answer", "within 1 s", "migratest.probeTimeoutSeconds",
                            "migratest." + engine.key() + ".url")
                    .as("the password's text where it is not a value").contains("as user '"
                            + Dialect.of(engine).defaultUser() + "'")
                    .containsPattern("(?is)\\(.*(time|link failure).*\\)");
            int accepted = silent.accepted();
            assertThat(provider.unavailableReason(engine, settings, run)).as("asked again").isEqualTo(reason);
            assertThat(silent.accepted()).as("connections after the first probe of the run").isEqualTo(accepted);
            provider.unavailableReason(engine, settings, RunMemo.create());
            assertThat(silent.accepted()).as("another run asks afresh: nothing kept in static state")
                    .isGreaterThan(accepted);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_work_connection_to_a_silent_server_gives_up_after_the_connect_timeout(Engine engine) throws IOException {
        try (SilentServer silent = new SilentServer()) {
            SimpleDataSource dataSource = new SimpleDataSource(url(engine, silent), "u", "", Dialect.of(engine),
                    new Timeouts(1, 3600));

            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class);
            assertThat(silent.accepted()).as("it did reach the silent server").isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void an_open_connection_reads_within_the_read_timeout(Engine engine) throws SQLException {
        Settings settings = Settings.of("migratest.readTimeoutSeconds", "1234");
        try (var database = TestServers.of(engine).createDatabase();
                Connection connection = database.dataSource().getConnection()) {
            assertThat(connection.getNetworkTimeout()).as("the default, an hour").isEqualTo(3_600_000);
        }
        try (Connection connection = Timeouts.forWork(settings).open(Dialect.of(engine), adminUrl(engine),
                user(engine), "")) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(1_234_000);
        }
    }

    private static String adminUrl(Engine engine) {
        return switch (engine) {
            case POSTGRES -> "jdbc:postgresql://127.0.0.1:5432/postgres";
            case MARIADB -> "jdbc:mariadb://127.0.0.1:3306/";
            case MYSQL -> TestServers.mysqlServerSettings().get(io.migratest.db.Setting.url(Engine.MYSQL));
        };
    }

    private static String user(Engine engine) {
        return engine == Engine.POSTGRES ? "postgres" : "root";
    }
}
