package io.migratest.db.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens a new JDBC connection on every call. Tests open few connections, and a pool would keep
 * connections alive that block {@code DROP DATABASE} and {@code CREATE DATABASE ... TEMPLATE}.
 */
public final class SimpleDataSource implements DataSource {

    private final String url;
    private final String user;
    private final String password;
    private final Dialect dialect;
    private final Timeouts timeouts;
    private volatile int loginTimeoutSeconds;

    /** Connections with the driver's own defaults, for tools and tests that know no engine; Migratest uses the other. */
    public SimpleDataSource(String url, String user, String password) {
        this(url, user, password, null, null);
    }

    /** Connections through {@code dialect}'s driver options, opened and read within {@code timeouts}. */
    public SimpleDataSource(String url, String user, String password, Dialect dialect, Timeouts timeouts) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dialect = dialect;
        this.timeouts = timeouts;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (dialect != null) {
            return timeouts.open(dialect, url, user, password);
        }
        return DriverManager.getConnection(url, user, password == null ? "" : password);
    }

    @Override
    public Connection getConnection(String otherUser, String otherPassword) throws SQLException {
        return DriverManager.getConnection(url, otherUser, otherPassword);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // DriverManager's own log writer applies; nothing to keep here.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("SimpleDataSource logs through the driver");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("SimpleDataSource does not wrap " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "SimpleDataSource[" + JdbcUrls.mask(url) + ", user=" + user + "]";
    }
}
