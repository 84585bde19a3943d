package io.migratest.db.internal;

import io.migratest.MigratestException;
import io.migratest.db.DatabaseProvider;
import io.migratest.db.DatabaseServer;
import io.migratest.db.DatabaseUnavailableException;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * A server that is already running (a CI service container, a local install), given by
 * {@code migratest.<engine>.url}, {@code .user} and {@code .password}. Migratest creates a
 * database per test on it, drops only those, and on start drops the databases that killed runs
 * left behind; it never touches a database it did not create.
 */
public final class ServerProvider implements DatabaseProvider {

    public static final String NAME = "server";

    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Engine engine) {
        return true;
    }

    @Override
    public String unavailableReason(Engine engine, Settings settings) {
        String url = settings.get(key(engine, "url")).orElse(null);
        if (url == null) {
            return "no " + engine + " server is configured => set " + key(engine, "url") + " (or "
                    + envName(engine, "url") + ") to the JDBC URL of any database on the server, e.g. "
                    + exampleUrl(engine) + ", and " + key(engine, "user") + " / " + key(engine, "password")
                    + " if the defaults (" + defaultUser(engine) + ", no password) do not fit";
        }
        String scheme = scheme(engine);
        if (!url.startsWith(scheme)) {
            return key(engine, "url") + " is " + JdbcUrls.mask(url) + ", but " + engine + " runs on "
                    + Dialect.of(engine).productName()
                    + "'s JDBC driver => write the URL as " + scheme + "//<host>:<port>/...";
        }
        String user = user(engine, settings);
        String password = password(engine, settings);
        try (Connection connection = probe(engine, url, user, password)) {
            return connection.isValid(CONNECT_TIMEOUT_SECONDS) ? null
                    : "the " + engine + " server at " + JdbcUrls.mask(url) + " accepted a connection but does not answer"
                            + " => check the server";
        } catch (SQLException e) {
            return "the " + engine + " server at " + JdbcUrls.mask(url) + " does not answer as user '" + user
                    + "' (" + JdbcUrls.scrub(e.getMessage(), password) + ") => start it, or correct "
                    + key(engine, "url") + ", " + key(engine, "user") + " and " + key(engine, "password");
        }
    }

    @Override
    public DatabaseServer start(Engine engine, Settings settings) {
        String reason = unavailableReason(engine, settings);
        if (reason != null) {
            throw new DatabaseUnavailableException("Cannot use the " + NAME + " provider: " + reason);
        }
        String url = settings.get(key(engine, "url")).orElseThrow();
        String user = user(engine, settings);
        String password = password(engine, settings);
        Dialect dialect = Dialect.of(engine);
        ManagedServer server = new ManagedServer(engine, NAME, dialect,
                new SimpleDataSource(url, user, password),
                database -> JdbcUrls.withDefaultOptions(JdbcUrls.withDatabase(url, database), dialect.jdbcOptions()),
                user, password, () -> { });
        server.reclaimAbandoned(reclaimAfter(settings));
        return server;
    }

    /** How old a dead run must be before its databases are dropped: {@code migratest.reclaimAfterMinutes}, 10. */
    static Duration reclaimAfter(Settings settings) {
        String minutes = settings.get("migratest.reclaimAfterMinutes").orElse("10").trim();
        try {
            return Duration.ofMinutes(Long.parseLong(minutes));
        } catch (NumberFormatException e) {
            throw new MigratestException("migratest.reclaimAfterMinutes is '" + minutes
                    + "', not a whole number of minutes => set it to e.g. 10, or 0 to reclaim at once");
        }
    }

    // The drivers' own timeouts: the server may be a host that drops packets rather than refusing.
    private static Connection probe(Engine engine, String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        Dialect.of(engine).connectTimeout(properties, CONNECT_TIMEOUT_SECONDS);
        return DriverManager.getConnection(url, properties);
    }

    static String key(Engine engine, String name) {
        return "migratest." + engine.key() + "." + name;
    }

    private static String envName(Engine engine, String name) {
        return key(engine, name).replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static String user(Engine engine, Settings settings) {
        return settings.get(key(engine, "user")).orElse(defaultUser(engine));
    }

    private static String password(Engine engine, Settings settings) {
        return settings.get(key(engine, "password")).orElse("");
    }

    private static String defaultUser(Engine engine) {
        return Dialect.of(engine).defaultUser();
    }

    private static String scheme(Engine engine) {
        return "jdbc:" + engine.vendor() + ":";
    }

    private static String exampleUrl(Engine engine) {
        return Dialect.of(engine).exampleUrl();
    }
}
