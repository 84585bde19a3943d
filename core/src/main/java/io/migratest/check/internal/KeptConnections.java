package io.migratest.check.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections to one database kept open across the versions of a shared pass: a connection its
 * user closes goes back to be handed out again (in auto-commit, any open transaction rolled
 * back), instead of costing a new login for every writer, watch and census of every version.
 * {@link #close()} closes them all.
 */
final class KeptConnections implements DataSource, AutoCloseable {

    private final DataSource dataSource;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();

    KeptConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection kept = idle.pollFirst();
        Connection physical = kept != null && !kept.isClosed() ? kept : dataSource.getConnection();
        return (Connection) Proxy.newProxyInstance(KeptConnections.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Lent(physical));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("kept connections use the database's own user");
    }

    /** Closes every kept connection. */
    @Override
    public void close() {
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing a connection nobody uses any more: nothing to report
            }
        }
    }

    /** One lending of a connection: its close hands it back. */
    private final class Lent implements InvocationHandler {
        private final Connection physical;
        private boolean returned;

        Lent(Connection physical) {
            this.physical = physical;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    if (!returned) {
                        returned = true;
                        giveBack();
                    }
                    return null;
                }
                case "isClosed" -> {
                    return returned || physical.isClosed();
                }
                default -> {
                    if (returned) {
                        throw new SQLException("connection already closed");
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }
            }
        }

        private void giveBack() throws SQLException {
            if (physical.isClosed()) {
                return;
            }
            try {
                if (!physical.getAutoCommit()) {
                    physical.rollback();
                    physical.setAutoCommit(true);
                }
            } catch (SQLException e) {
                physical.close();
                return;
            }
            idle.addFirst(physical);
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return dataSource.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        dataSource.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        dataSource.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return dataSource.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return dataSource.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return dataSource.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return dataSource.isWrapperFor(type);
    }
}
