package io.migratest.db.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** The statements that create, copy and drop whole databases, which differ per engine. */
public interface Dialect {

    String quote(String identifier);

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

    /** How this engine names a session's lock wait, from its own views. */
    LockWaits lockWaits();
}
