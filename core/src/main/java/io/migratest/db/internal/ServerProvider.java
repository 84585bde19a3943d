package io.migratest.db.internal;

import io.migratest.db.DatabaseProvider;
import io.migratest.db.DatabaseServer;
import io.migratest.db.DatabaseUnavailableException;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
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
        String url = settings.find(Setting.url(engine)).orElse(null);
        if (url == null) {
            return "no " + engine + " server is configured => set " + Setting.url(engine).key() + " (or "
                    + Setting.url(engine).environmentName() + ") to the JDBC URL of any database on the server, e.g. "
                    + exampleUrl(engine) + ", and " + Setting.user(engine).key() + " / " + Setting.password(engine).key()
                    + " if the defaults (" + defaultUser(engine) + ", no password) do not fit";
        }
        String scheme = scheme(engine);
        if (!url.startsWith(scheme)) {
            return Setting.url(engine).key() + " is " + JdbcUrls.mask(url) + ", but " + engine + " runs on "
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
                    + Setting.url(engine).key() + ", " + Setting.user(engine).key() + " and " + Setting.password(engine).key();
        }
    }

    @Override
    public DatabaseServer start(Engine engine, Settings settings) {
        String reason = unavailableReason(engine, settings);
        if (reason != null) {
            throw new DatabaseUnavailableException("Cannot use the " + NAME + " provider: " + reason);
        }
        String url = settings.find(Setting.url(engine)).orElseThrow();
        String user = user(engine, settings);
        String password = password(engine, settings);
        Dialect dialect = Dialect.of(engine);
        ManagedServer server = new ManagedServer(engine, NAME, dialect,
                new SimpleDataSource(url, user, password),
                database -> JdbcUrls.withDefaultOptions(JdbcUrls.withDatabase(url, database), dialect.jdbcOptions()),
                user, password, () -> { }, settings);
        server.reclaimAbandoned(reclaimAfter(settings));
        return server;
    }

    /** How old a dead run must be before its databases are dropped: {@link Setting#RECLAIM_AFTER}, 10 minutes. */
    static Duration reclaimAfter(Settings settings) {
        return settings.get(Setting.RECLAIM_AFTER);
    }

    // The drivers' own timeouts: the server may be a host that drops packets rather than refusing.
    private static Connection probe(Engine engine, String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        Dialect.of(engine).connectTimeout(properties, CONNECT_TIMEOUT_SECONDS);
        return DriverManager.getConnection(url, properties);
    }

    private static String user(Engine engine, Settings settings) {
        return settings.get(Setting.user(engine));
    }

    private static String password(Engine engine, Settings settings) {
        return settings.get(Setting.password(engine));
    }

    private static String defaultUser(Engine engine) {
        return Setting.user(engine).defaultValue().orElseThrow();
    }

    private static String scheme(Engine engine) {
        return "jdbc:" + engine.vendor() + ":";
    }

    private static String exampleUrl(Engine engine) {
        return Dialect.of(engine).exampleUrl();
    }
}
