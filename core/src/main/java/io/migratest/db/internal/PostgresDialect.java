package io.migratest.db.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** PostgreSQL: databases are copied file by file with {@code CREATE DATABASE ... TEMPLATE}. */
public final class PostgresDialect implements Dialect {

    /** The first key of Migratest's two-key advisory locks ("mgts"), apart from an application's own. */
    private static final int LOCK_SPACE = 0x6D677473;

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String createDatabase(String name) {
        return "CREATE DATABASE " + quote(name);
    }

    @Override
    public String dropDatabase(String name) {
        // FORCE ends sessions a test left open (PostgreSQL 13+), so a leaked connection
        // cannot keep a database alive after its test.
        return "DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)";
    }

    @Override
    public void cloneDatabase(Connection admin, String template, String target) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            // STRATEGY FILE_COPY copies files instead of WAL-logging every block (PostgreSQL 15+
            // defaults to WAL_LOG, which is slower for the small databases tests use).
            String sql = "CREATE DATABASE " + quote(target) + " TEMPLATE " + quote(template);
            if (admin.getMetaData().getDatabaseMajorVersion() >= 15) {
                sql += " STRATEGY FILE_COPY";
            }
            statement.execute(sql);
        }
    }

    @Override
    public String listDatabases() {
        return "SELECT datname FROM pg_database";
    }

    @Override
    public boolean tryLockRun(Connection session, String runId) throws SQLException {
        return advisory(session, "SELECT pg_try_advisory_lock(?, ?)", runId);
    }

    @Override
    public void unlockRun(Connection session, String runId) throws SQLException {
        advisory(session, "SELECT pg_advisory_unlock(?, ?)", runId);
    }

    // Two run ids with one hash share a lock: a dead run then looks alive and its databases stay,
    // which errs on the safe side.
    private static boolean advisory(Connection session, String sql, String runId) throws SQLException {
        try (PreparedStatement statement = session.prepareStatement(sql)) {
            statement.setInt(1, LOCK_SPACE);
            statement.setInt(2, runId.hashCode());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    public LockWaits lockWaits() {
        return new PostgresLockWaits();
    }
}
