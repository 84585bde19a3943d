package io.migratest.db.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** PostgreSQL's account of a wait: pg_stat_activity, pg_locks and pg_blocking_pids. */
final class PostgresLockWaits implements LockWaits {

    private static final String SESSION = "SELECT state, wait_event_type, wait_event, query,"
            + " round(extract(epoch FROM now() - query_start)) AS seconds, pg_blocking_pids(pid) AS blockers,"
            + " (SELECT string_agg(l.locktype"
            + "     || CASE WHEN l.relation IS NOT NULL AND l.database = (SELECT oid FROM pg_database"
            + "          WHERE datname = current_database()) THEN ' on ' || l.relation::regclass::text ELSE '' END"
            + "     || COALESCE(' ' || l.virtualxid, '') || COALESCE(' ' || l.transactionid::text, '')"
            + "     || ' (' || l.mode || ')', ', ')"
            + "  FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted) AS wanted"
            + " FROM pg_stat_activity a WHERE pid = ?";
    private static final String HOLDER = "SELECT pid, state, application_name, query,"
            + " round(extract(epoch FROM now() - COALESCE(xact_start, backend_start))) AS seconds,"
            + " EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted)"
            + "  AS advisory"
            + " FROM pg_stat_activity a WHERE pid = ?";

    @Override
    public LockObserver observer() {
        return new PostgresLockObserver();
    }

    @Override
    public String sessionIdQuery() {
        return "SELECT pg_backend_pid()";
    }

    @Override
    public String describe(Connection observer, long session) throws SQLException {
        StringBuilder text = new StringBuilder();
        Integer[] blockers = {};
        try (PreparedStatement statement = observer.prepareStatement(SESSION)) {
            statement.setInt(1, (int) session);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return "session " + session + " is gone from pg_stat_activity";
                }
                text.append("statement (pid ").append(session).append(", ").append(row.getString("state"))
                        .append(" for ").append(row.getLong("seconds")).append(" s): ")
                        .append(oneLine(row.getString("query")));
                if ("Lock".equals(row.getString("wait_event_type"))) {
                    String wanted = row.getString("wanted");
                    text.append("\n  waits for lock: ").append(wanted == null ? row.getString("wait_event") : wanted);
                    Array array = row.getArray("blockers");
                    blockers = array == null ? blockers : (Integer[]) array.getArray();
                } else {
                    text.append("\n  not waiting on a lock (wait event: ")
                            .append(row.getString("wait_event_type")).append(' ').append(row.getString("wait_event"))
                            .append("): the step itself ran past the bound");
                }
            }
        }
        for (Integer blocker : blockers) {
            text.append("\n  held by ").append(holder(observer, blocker));
        }
        return text.toString();
    }

    private static String holder(Connection observer, int pid) throws SQLException {
        try (PreparedStatement statement = observer.prepareStatement(HOLDER)) {
            statement.setInt(1, pid);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return "pid " + pid + " (gone)";
                }
                String query = oneLine(row.getString("query"));
                String holder = "pid " + pid + " (" + row.getString("state") + " for " + row.getLong("seconds")
                        + " s, application '" + row.getString("application_name") + "'), last statement: " + query;
                // Flyway's transactional lock: an advisory lock taken in a transaction left open
                if (row.getBoolean("advisory") && "idle in transaction".equals(row.getString("state"))) {
                    holder += "\n    it holds an advisory lock, idle in its transaction: Flyway's own lock connection"
                            + " => set flyway.postgresql.transactional.lock=false (Migratest's default)";
                } else {
                    holder += "\n    => the holder's transaction must end (commit or roll back) before the step can go on";
                }
                return holder;
            }
        }
    }

    @Override
    public void cancel(Connection observer, long session) throws SQLException {
        try (PreparedStatement statement = observer.prepareStatement("SELECT pg_cancel_backend(?)")) {
            statement.setInt(1, (int) session);
            statement.execute();
        }
    }

    static String oneLine(String sql) {
        return sql == null ? "(none)" : sql.strip().replaceAll("\\s+", " ");
    }
}
