package io.migratest.db.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one engine's own views say a migration statement did to the tables it found: which locks
 * its session holds on them, whether it rewrote or scanned them, how many of their rows it changed
 * in its open transaction, and which writes each lock blocks. Each engine gives one
 * ({@link LockWaits#observer()}); the lock rehearsal asks it before and after every statement.
 */
public interface LockObserver {

    /** The writes a lock can stand in the way of. */
    enum Write { INSERT, UPDATE, DELETE }

    /**
     * Counters of the tables read through the migration's own connection, compared before and
     * after a statement.
     *
     * @param tables  per table (lower-case name) its state
     * @param session counters of the whole session: rows changed by its open transaction and rows
     *                written by the server on its behalf (e.g. a copying ALTER)
     */
    record Sample(Map<String, TableState> tables, Map<String, Long> session) {
    }

    /**
     * @param identity the table's storage identity (PostgreSQL {@code relfilenode}, InnoDB table id);
     *                 a new value means the table was rewritten
     * @param scans    full scans of it in the session's open transaction
     * @param changed  rows updated or deleted in the session's open transaction
     */
    record TableState(String identity, long scans, long changed) {
    }

    /** A lock the migration's session holds on a table, with the writes of other sessions it blocks. */
    record HeldLock(String table, String mode, Set<Write> blocks) {
    }

    /**
     * A statement that, at production size, stops writes for as long as the table is large.
     *
     * @param table  the table (lower-case)
     * @param lock   the lock, as the engine names it, e.g. {@code ShareLock}
     * @param blocks the writes blocked while it is held
     * @param why    what makes it take long on a big table, e.g. {@code builds an index by scanning every row}
     * @param held   whether the session still held the lock after the statement (until its
     *               transaction ends), or only during the statement
     */
    record Hazard(String table, String lock, Set<Write> blocks, String why, boolean held) {
    }

    /** Reads {@code tables}' counters through {@code migration}, the connection that runs the migration. */
    Sample sample(Connection migration, List<String> tables) throws SQLException;

    /** The locks session {@code session} holds on any of {@code tables}, read through another connection. */
    List<HeldLock> held(Connection observer, long session, List<String> tables) throws SQLException;

    /**
     * The hazards of one statement: {@code sql} ran between {@code before} and {@code after},
     * its session then held {@code held}; {@code rows} are the row counts of the tables that
     * existed before the step. Only tables with rows can have a hazard.
     */
    List<Hazard> hazards(String sql, Sample before, Sample after, List<HeldLock> held, Map<String, Long> rows);

    /** Whether an error of a statement with this SQLState and vendor code is a deadlock. */
    boolean isDeadlock(String sqlState, int vendorCode);

    /** The advice for a hazard, after "=>". */
    String fix(Hazard hazard);
}
