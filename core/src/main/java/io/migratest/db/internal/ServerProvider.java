package io.migratest.db.internal;

import io.migratest.db.DatabaseProvider;
import io.migratest.db.DatabaseServer;
import io.migratest.db.DatabaseUnavailableException;
import io.migratest.db.Engine;
import io.migratest.db.RunMemo;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A server that is already running (a CI service container, a local install), given by
 * {@code migratest.<engine>.url}, {@code .user} and {@code .password}. Migratest creates a
 * database per test on it, drops only those, and on start drops the databases that killed runs
 * left behind; it never touches a database it did not create.
 */
public final class ServerProvider implements DatabaseProvider {

    public static final String NAME = "server";

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
        return unavailableReason(engine, settings, RunMemo.create());
    }

    // A run asks once per test; a server that does not answer would cost the probe's bound each
    // time, so the answer is kept in the run's memo.
    @Override
    public String unavailableReason(Engine engine, Settings settings, RunMemo memo) {
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
        Timeouts timeouts = Timeouts.forProbe(settings);
        return memo.reason(new ProbeKey(engine, url, user, password, timeouts),
                () -> probe(engine, url, user, password, timeouts));
    }

    // null when the server answers, else why not
    private static String probe(Engine engine, String url, String user, String password, Timeouts timeouts) {
        String within = " within " + timeouts.openSeconds() + " s";
        try (Connection connection = timeouts.open(Dialect.of(engine), url, user, password)) {
            return connection.isValid(timeouts.readSeconds()) ? null
                    : "the " + engine + " server at " + JdbcUrls.mask(url) + " accepted a connection but does not answer"
                            + within + " => check the server, or raise " + Setting.PROBE_TIMEOUT.key();
        } catch (SQLException e) {
            return "the " + engine + " server at " + JdbcUrls.mask(url) + " does not answer as user '" + user + "'"
                    + within + " (" + JdbcUrls.scrub(e.getMessage(), password) + ") => start it, or correct "
                    + Setting.url(engine).key() + ", " + Setting.user(engine).key() + " and "
                    + Setting.password(engine).key() + ", or raise " + Setting.PROBE_TIMEOUT.key()
                    + " if it is only slow";
        }
    }

    @Override
    public DatabaseServer start(Engine engine, Settings settings) {
        return start(engine, settings, RunMemo.create());
    }

    @Override
    public DatabaseServer start(Engine engine, Settings settings, RunMemo memo) {
        String reason = unavailableReason(engine, settings, memo);
        if (reason != null) {
            throw new DatabaseUnavailableException("Cannot use the " + NAME + " provider: " + reason);
        }
        String url = settings.find(Setting.url(engine)).orElseThrow();
        String user = user(engine, settings);
        String password = password(engine, settings);
        Dialect dialect = Dialect.of(engine);
        ManagedServer server = new ManagedServer(engine, NAME, dialect,
                new SimpleDataSource(url, user, password, dialect, Timeouts.forWork(settings)),
                database -> JdbcUrls.withDefaultOptions(JdbcUrls.withDatabase(url, database), dialect.jdbcOptions()),
                user, password, () -> { }, settings);
        server.reclaimAbandoned(reclaimAfter(settings));
        return server;
    }

    /** How old a dead run must be before its databases are dropped: {@link Setting#RECLAIM_AFTER}, 10 minutes. */
    static Duration reclaimAfter(Settings settings) {
        return settings.get(Setting.RECLAIM_AFTER);
    }

    private static String user(Engine engine, Settings settings) {
        return settings.get(Setting.user(engine));
    }

    private static String password(Engine engine, Settings settings) {
        return Passwords.of(engine, settings);
    }

    private static String defaultUser(Engine engine) {
        return Setting.user(engine).defaultValue().orElseThrow();
    }

    private static String scheme(Engine engine) {
        return "jdbc:" + engine.vendor() + ":";
    }

    /** What a probe's answer depends on; never printed, since it holds the password. */
    private record ProbeKey(Engine engine, String url, String user, String password, Timeouts timeouts) {
        @Override
        public String toString() {
            return engine + " " + JdbcUrls.mask(url) + " as " + user;
        }
    }

    private static String exampleUrl(Engine engine) {
        return Dialect.of(engine).exampleUrl();
    }
}
