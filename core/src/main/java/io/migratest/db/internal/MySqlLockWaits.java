package io.migratest.db.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * MySQL's and MariaDB's account of a wait. The processlist names the statement and its state;
 * metadata locks come from performance_schema.metadata_locks (MySQL; MariaDB's is off by default), or MariaDB's
 * METADATA_LOCK_INFO plugin when installed, else from the sessions of this database with an
 * open InnoDB transaction; row locks from sys.innodb_lock_waits (MySQL) or INNODB_LOCK_WAITS (MariaDB).
 * Each view is tried in turn, since which exist depends on the server and its plugins.
 */
final class MySqlLockWaits implements LockWaits {

    private static final String UNNAMED_HOLDER = "table metadata lock";
    private static final String SESSION = "SELECT COMMAND, STATE, INFO, TIME FROM information_schema.PROCESSLIST WHERE ID = ?";
    private static final String MYSQL_METADATA = "SELECT w.OBJECT_TYPE, w.OBJECT_SCHEMA, w.OBJECT_NAME, w.LOCK_TYPE,"
            + " h.LOCK_TYPE AS HELD_TYPE, ht.PROCESSLIST_ID AS HOLDER"
            + " FROM performance_schema.metadata_locks w"
            + " JOIN performance_schema.threads wt ON wt.THREAD_ID = w.OWNER_THREAD_ID"
            + " JOIN performance_schema.metadata_locks h ON h.OBJECT_TYPE = w.OBJECT_TYPE"
            + "  AND h.OBJECT_SCHEMA <=> w.OBJECT_SCHEMA AND h.OBJECT_NAME <=> w.OBJECT_NAME AND h.LOCK_STATUS = 'GRANTED'"
            + " JOIN performance_schema.threads ht ON ht.THREAD_ID = h.OWNER_THREAD_ID"
            + " WHERE w.LOCK_STATUS = 'PENDING' AND wt.PROCESSLIST_ID = ? AND ht.PROCESSLIST_ID <> ?";
    private static final String MARIADB_METADATA = "SELECT THREAD_ID, LOCK_MODE, TABLE_SCHEMA, TABLE_NAME"
            + " FROM information_schema.METADATA_LOCK_INFO WHERE THREAD_ID <> ? AND TABLE_SCHEMA = DATABASE()";
    private static final String OPEN_TRANSACTIONS = "SELECT p.ID FROM information_schema.PROCESSLIST p"
            + " JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID"
            + " WHERE p.ID <> ? AND p.DB = DATABASE()";
    private static final String MYSQL_ROW_LOCKS = "SELECT locked_table, locked_index, locked_type, blocking_pid"
            + " FROM sys.innodb_lock_waits WHERE waiting_pid = ?";
    private static final String MARIADB_ROW_LOCKS = "SELECT l.lock_table, l.lock_index, l.lock_mode, b.trx_mysql_thread_id"
            + " FROM information_schema.INNODB_LOCK_WAITS w"
            + " JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id"
            + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id"
            + " JOIN information_schema.INNODB_LOCKS l ON l.lock_id = w.blocking_lock_id"
            + " WHERE r.trx_mysql_thread_id = ?";
    private static final String HOLDER = "SELECT p.COMMAND, p.STATE, p.INFO, p.TIME, p.USER, t.trx_started"
            + " FROM information_schema.PROCESSLIST p"
            + " LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID WHERE p.ID = ?";

    @Override
    public LockObserver observer() {
        return new MySqlLockObserver();
    }

    @Override
    public String sessionIdQuery() {
        return "SELECT CONNECTION_ID()";
    }

    @Override
    public String describe(Connection observer, long session) throws SQLException {
        StringBuilder text = new StringBuilder();
        String state;
        try (PreparedStatement statement = observer.prepareStatement(SESSION)) {
            statement.setLong(1, session);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return "connection " + session + " is gone from the processlist";
                }
                state = String.valueOf(row.getString("STATE"));
                text.append("statement (connection ").append(session).append(", ").append(state).append(" for ")
                        .append(row.getLong("TIME")).append(" s): ").append(PostgresLockWaits.oneLine(row.getString("INFO")));
            }
        }
        Set<Long> holders = new LinkedHashSet<>();
        List<String> locks = new ArrayList<>();
        if (state.toLowerCase(java.util.Locale.ROOT).contains("metadata lock")) {
            metadataLocks(observer, session, locks, holders);
        }
        rowLocks(observer, session, locks, holders);
        if (locks.isEmpty() && holders.isEmpty()) {
            text.append("\n  not waiting on a lock the server's views show: the step itself ran past the bound");
        }
        for (String lock : locks) {
            text.append("\n  waits for lock: ").append(lock);
        }
        boolean guessed = locks.stream().anyMatch(lock -> lock.startsWith(UNNAMED_HOLDER));
        for (long holder : holders) {
            text.append(guessed ? "\n  probably held by " : "\n  held by ").append(holder(observer, holder));
        }
        return text.toString();
    }

    private static void metadataLocks(Connection observer, long session, List<String> locks, Set<Long> holders) {
        try (PreparedStatement statement = observer.prepareStatement(MYSQL_METADATA)) {
            statement.setLong(1, session);
            statement.setLong(2, session);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    locks.add("metadata lock " + row.getString("LOCK_TYPE") + " on " + row.getString("OBJECT_TYPE") + " "
                            + row.getString("OBJECT_SCHEMA") + "." + row.getString("OBJECT_NAME")
                            + " (held " + row.getString("HELD_TYPE") + " by connection " + row.getLong("HOLDER") + ")");
                    holders.add(row.getLong("HOLDER"));
                }
            }
            if (!locks.isEmpty()) {
                return;
            }
        } catch (SQLException notMySql) {
            // no performance_schema (MariaDB, or switched off): try MariaDB's plugin, then open transactions
        }
        try (PreparedStatement statement = observer.prepareStatement(MARIADB_METADATA)) {
            statement.setLong(1, session);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    locks.add("metadata lock on " + row.getString("TABLE_SCHEMA") + "." + row.getString("TABLE_NAME")
                            + " (held " + row.getString("LOCK_MODE") + " by connection " + row.getLong("THREAD_ID") + ")");
                    holders.add(row.getLong("THREAD_ID"));
                }
            }
            if (!locks.isEmpty()) {
                return;
            }
        } catch (SQLException noPlugin) {
            // METADATA_LOCK_INFO is a plugin, often not installed
        }
        locks.add(UNNAMED_HOLDER + " (the server names no holder: install MariaDB's METADATA_LOCK_INFO plugin"
                + " for the exact one; connections of this database with an open transaction follow)");
        try (PreparedStatement statement = observer.prepareStatement(OPEN_TRANSACTIONS)) {
            statement.setLong(1, session);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    holders.add(row.getLong(1));
                }
            }
        } catch (SQLException ignored) {
            // nothing more the server can say
        }
    }

    private static void rowLocks(Connection observer, long session, List<String> locks, Set<Long> holders) {
        for (String query : List.of(MYSQL_ROW_LOCKS, MARIADB_ROW_LOCKS)) {
            try (PreparedStatement statement = observer.prepareStatement(query)) {
                statement.setLong(1, session);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        locks.add("row lock " + row.getString(3) + " on " + row.getString(1)
                                + (row.getString(2) == null ? "" : " index " + row.getString(2))
                                + " (held by connection " + row.getLong(4) + ")");
                        holders.add(row.getLong(4));
                    }
                }
                return;
            } catch (SQLException notThisServer) {
                // the other engine's view
            }
        }
    }

    private static String holder(Connection observer, long id) throws SQLException {
        try (PreparedStatement statement = observer.prepareStatement(HOLDER)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return "connection " + id + " (gone)";
                }
                return "connection " + id + " (user " + row.getString("USER") + ", " + row.getString("COMMAND")
                        + " for " + row.getLong("TIME") + " s"
                        + (row.getString("trx_started") == null ? "" : ", transaction open since " + row.getString("trx_started"))
                        + "), current statement: " + PostgresLockWaits.oneLine(row.getString("INFO"))
                        + "\n    => the holder's transaction must end (commit or roll back) before the step can go on";
            }
        }
    }

    @Override
    public void cancel(Connection observer, long session) throws SQLException {
        try (PreparedStatement statement = observer.prepareStatement("KILL QUERY " + session)) {
            statement.execute();
        }
    }
}
