package io.migratest.db.internal;

import io.migratest.db.Setting;
import io.migratest.db.Settings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The bounded waits of a connection Migratest opens: {@code openSeconds} for the TCP connect and
 * the login handshake, then {@code readSeconds} (0: none) for every answer of the open session.
 *
 * @param openSeconds {@link Setting#CONNECT_TIMEOUT} for work, {@link Setting#PROBE_TIMEOUT} for a probe
 * @param readSeconds {@link Setting#READ_TIMEOUT} for work, the probe's bound for a probe
 */
public record Timeouts(int openSeconds, int readSeconds) {

    /** The waits of connections that do work (migrations, fixtures, diffs). */
    public static Timeouts forWork(Settings settings) {
        return new Timeouts(settings.get(Setting.CONNECT_TIMEOUT), settings.get(Setting.READ_TIMEOUT));
    }

    /** The waits of a probe: short throughout, since it only asks whether the server answers. */
    public static Timeouts forProbe(Settings settings) {
        int seconds = settings.get(Setting.PROBE_TIMEOUT);
        return new Timeouts(seconds, seconds);
    }

    /** Opens a connection to {@code url} as {@code user} through {@code dialect}'s driver options. */
    public Connection open(Dialect dialect, String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password == null ? "" : password);
        dialect.openTimeouts(properties, openSeconds);
        Connection connection = DriverManager.getConnection(url, properties);
        try {
            // the drivers apply it to the socket at once, so a direct executor is enough
            connection.setNetworkTimeout(Runnable::run, Math.multiplyExact(readSeconds, 1000));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
