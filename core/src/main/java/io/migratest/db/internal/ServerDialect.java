package io.migratest.db.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The server side of a {@link Dialect}: the statements that create, copy and drop whole
 * databases, the run locks, and what the providers need to start or reach a server (images,
 * ports, users, JDBC options).
 */
public interface ServerDialect {

    String createDatabase(String name);

    String dropDatabase(String name);

    /** A query whose first column lists the names of every database on the server. */
    String listDatabases();

    /**
     * Copies {@code template} into a new database {@code target}, through a connection to the
     * server's administrative database.
     */
    void cloneDatabase(Connection admin, String template, String target) throws SQLException;

    /**
     * Takes, without waiting, the session lock that says run {@code runId} is alive. The lock
     * lives as long as {@code session} (or until {@link #unlockRun}); {@code false} when another
     * session holds it.
     */
    boolean tryLockRun(Connection session, String runId) throws SQLException;

    /** Releases a lock taken with {@link #tryLockRun} on the same session. */
    void unlockRun(Connection session, String runId) throws SQLException;

    /**
     * Takes the session lock that lets one session of all runs build or drop the kept template
     * {@code name}, waiting up to {@code seconds}; {@code false} when it is still held then
     * ({@code 0}: do not wait). Released with {@link #unlockTemplate} or when the session ends.
     */
    boolean lockTemplate(Connection session, String name, int seconds) throws SQLException;

    /** Releases a lock taken with {@link #lockTemplate} on the same session. */
    void unlockTemplate(Connection session, String name) throws SQLException;

    /** The server's version as its driver reports it: part of every kept template's key. */
    default String serverVersion(Connection admin) throws SQLException {
        return admin.getMetaData().getDatabaseProductVersion();
    }

    /** A query with one parameter, a database's name, whose first column is that database's size in bytes. */
    String databaseSizeQuery();

    /** The engine's name as its users know it, e.g. {@code PostgreSQL}, for messages. */
    String productName();

    /**
     * Driver options ({@code a=1&b=2}) every test database's URL gets, so that batched inserts
     * (fixtures, generated rows) are one round trip.
     */
    String jdbcOptions();

    /** The driver options of a container's URLs: {@link #jdbcOptions()} and what a plain-TCP container needs. */
    default String containerJdbcOptions() {
        return jdbcOptions();
    }

    /** The official image the container provider starts when none is configured. */
    String defaultImage();

    /** A Testcontainers container of {@code image}, with a superuser whose password is {@code password}. */
    JdbcDatabaseContainer<?> container(DockerImageName image, String password);

    /**
     * Where the server keeps its data inside its container: the container provider mounts a
     * tmpfs there, since a throwaway server's data need not reach a disk. Default: none.
     */
    default List<String> containerDataDirectories() {
        return List.of();
    }

    /** The port the server listens on inside its container. */
    int containerPort();

    /** The database an administrative connection opens ({@code ""}: none). */
    String adminDatabase();

    /**
     * Statements that trade crash safety for speed on a throwaway server; each may fail on an
     * image that does not know it.
     */
    List<String> cheapWriteStatements();

    /** The user the server provider connects as when none is configured. */
    String defaultUser();

    /** A JDBC URL of a local server, for messages. */
    String exampleUrl();

    /**
     * Sets the driver's connect, login and socket read timeouts in {@code properties} to
     * {@code seconds}, so that opening a connection, handshake included, never waits longer on a
     * server that accepts TCP but does not answer. (Connector/J bounds its handshake only by the
     * socket timeout.) A longer read timeout for the session is set once it is open
     * ({@link java.sql.Connection#setNetworkTimeout}).
     */
    void openTimeouts(Properties properties, int seconds);
}
