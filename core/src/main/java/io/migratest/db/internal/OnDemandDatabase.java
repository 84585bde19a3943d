package io.migratest.db.internal;

import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * A database created on the server only when first used: the first connection, or a question
 * only the real database can answer (its name, URL, user), creates it; its engine and its Jdbi
 * (carrying the run's settings) are there before. Several users share it, e.g. the built-in
 * checks of one class and engine, which need one database for their shared pass and none when
 * every verdict is reused or read from the pass; a user that never connects costs nothing.
 *
 * <p>Closing it drops the database when it was created (unless {@link #keep() kept}); after
 * closing, it is never created again.
 */
public final class OnDemandDatabase implements TestDatabase {

    private final Engine engine;
    private final Supplier<TestDatabase> create;
    private final DataSource server;
    private final DataSource dataSource = new Connecting();
    private final Jdbi jdbi;
    private TestDatabase database;
    private boolean closed;

    /**
     * {@code create} makes the database, once, on first use; {@code settings}: those its server
     * runs with; {@code server}: connections to another database of the same server (never
     * written to), for what the server itself answers, or {@code null}.
     */
    public OnDemandDatabase(Engine engine, Settings settings, Supplier<TestDatabase> create, DataSource server) {
        this.engine = engine;
        this.create = create;
        this.server = server;
        this.jdbi = Jdbi.create(dataSource);
        JdbiSettings.attach(jdbi, settings);
    }

    /** Whether the database exists on its server (it was used). */
    public synchronized boolean created() {
        return database != null;
    }

    /**
     * A connection for what the server answers whatever the database (its version, the driver's):
     * to {@code database} when it exists or is no {@code OnDemandDatabase}, else to its server,
     * without creating it. Never for reading or writing the database's own objects.
     */
    public static Connection serverConnection(TestDatabase database) throws SQLException {
        if (database instanceof OnDemandDatabase onDemand) {
            synchronized (onDemand) {
                if (onDemand.database == null && onDemand.server != null) {
                    return onDemand.server.getConnection();
                }
            }
        }
        return database.dataSource().getConnection();
    }

    private synchronized TestDatabase database() {
        if (closed) {
            throw new IllegalStateException("the on-demand " + engine + " database was closed before it was used");
        }
        if (database == null) {
            database = create.get();
        }
        return database;
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public String name() {
        return database().name();
    }

    @Override
    public String jdbcUrl() {
        return database().jdbcUrl();
    }

    @Override
    public String user() {
        return database().user();
    }

    @Override
    public String password() {
        return database().password();
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Jdbi jdbi() {
        return jdbi;
    }

    /** Keeps the database when it was created; one never created has nothing to keep. */
    @Override
    public synchronized void keep() {
        if (database != null) {
            database.keep();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (database != null) {
            database.close();
        }
    }

    @Override
    public synchronized String toString() {
        return database != null ? database.toString() : engine + " database (not created: never used)";
    }

    /** Connections to the database, which the first one creates. */
    private final class Connecting implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            return database().dataSource().getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return database().dataSource().getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // connections are opened by the database's own data source, which logs nothing either
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // the database's own data source sets its timeouts from the run's settings
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no java.util.logging here");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            return database().dataSource().unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || database().dataSource().isWrapperFor(type);
        }

        @Override
        public String toString() {
            return OnDemandDatabase.this.toString();
        }
    }
}
