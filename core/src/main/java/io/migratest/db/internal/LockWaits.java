package io.migratest.db.internal;

import io.migratest.db.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What one engine's own views say about a session that does not finish: the statement it runs,
 * the lock it waits for and the sessions holding that lock. Each dialect gives one
 * ({@link Dialect#lockWaits()}); the migration watchdog asks it once a step passes its bound.
 */
public interface LockWaits {

    /** The engine's id of the session on {@code connection} (PostgreSQL pid, MySQL connection id). */
    default long sessionId(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sessionIdQuery());
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The query whose one value is the id of the session that runs it. */
    String sessionIdQuery();

    /**
     * A few lines naming the statement {@code session} runs, the lock it waits for and who holds
     * it (with the fix when one is known), read through {@code observer}, another connection.
     */
    String describe(Connection observer, long session) throws SQLException;

    /** Cancels the statement {@code session} runs, leaving its connection open. */
    void cancel(Connection observer, long session) throws SQLException;

    /** What this engine's views say each statement of a migration locks, for the lock rehearsal. */
    LockObserver observer();

    static LockWaits of(Engine engine) {
        return Dialect.of(engine).lockWaits();
    }
}
