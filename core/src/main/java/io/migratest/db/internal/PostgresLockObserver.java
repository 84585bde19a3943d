package io.migratest.db.internal;

import io.migratest.db.internal.LockObserver.Write;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL's account of a statement: pg_locks joined to pg_class for the migration's backend,
 * {@code relfilenode} for rewrites, and pg_stat_xact_user_tables (the open transaction's own
 * counters, readable only by that session) for scans and changed rows.
 */
final class PostgresLockObserver implements LockObserver {

    private static final String STATE = "SELECT c.relname, c.relfilenode, COALESCE(x.seq_scan, 0),"
            + " COALESCE(x.n_tup_upd, 0) + COALESCE(x.n_tup_del, 0)"
            + " FROM pg_class c LEFT JOIN pg_stat_xact_user_tables x ON x.relid = c.oid"
            + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')"
            + " AND lower(c.relname) = ANY (?)";
    private static final String HELD = "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
            + " WHERE l.pid = ? AND l.granted AND l.locktype = 'relation' AND c.relkind IN ('r', 'p')"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND lower(c.relname) = ANY (?)";
    // INSERT, UPDATE and DELETE take RowExclusiveLock on their table: these are the modes that conflict with it.
    private static final Set<String> BLOCKS_WRITES = Set.of("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock",
            "AccessExclusiveLock");
    // Weakest first: a statement that holds several modes on a table is named by the strongest.
    private static final List<String> STRENGTH = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    @Override
    public Sample sample(Connection migration, List<String> tables) throws SQLException {
        Map<String, TableState> states = new LinkedHashMap<>();
        try (PreparedStatement statement = migration.prepareStatement(STATE)) {
            statement.setArray(1, lowerCase(migration, tables));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    states.put(row.getString(1).toLowerCase(Locale.ROOT),
                            new TableState(row.getString(2), row.getLong(3), row.getLong(4)));
                }
            }
        }
        return new Sample(states, Map.of());
    }

    @Override
    public List<HeldLock> held(Connection observer, long session, List<String> tables) throws SQLException {
        List<HeldLock> held = new ArrayList<>();
        try (PreparedStatement statement = observer.prepareStatement(HELD)) {
            statement.setInt(1, (int) session);
            statement.setArray(2, lowerCase(observer, tables));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    held.add(new HeldLock(row.getString(1).toLowerCase(Locale.ROOT), row.getString(2), blocks(row.getString(2))));
                }
            }
        }
        return held;
    }

    static Set<Write> blocks(String mode) {
        return BLOCKS_WRITES.contains(mode) ? EnumSet.allOf(Write.class) : EnumSet.noneOf(Write.class);
    }

    @Override
    public List<Hazard> hazards(String sql, Sample before, Sample after, List<HeldLock> held, Map<String, Long> rows) {
        List<Hazard> hazards = new ArrayList<>();
        Map<String, HeldLock> strongest = new LinkedHashMap<>();
        for (HeldLock lock : held) {
            strongest.merge(lock.table(), lock, (a, b) -> STRENGTH.indexOf(a.mode()) >= STRENGTH.indexOf(b.mode()) ? a : b);
        }
        for (HeldLock lock : strongest.values()) {
            long count = rows.getOrDefault(lock.table(), 0L);
            TableState was = before.tables().get(lock.table());
            TableState now = after.tables().get(lock.table());
            if (count == 0 || lock.blocks().isEmpty() || was == null || now == null) {
                continue;
            }
            String why = null;
            if (!was.identity().equals(now.identity())) {
                why = "rewrites the table (its relfilenode changed): the time grows with its size";
            } else if (now.scans() > was.scans()) {
                why = "ShareLock".equals(lock.mode())
                        ? "builds an index by reading every row" : "reads every row (e.g. to validate a constraint)";
            }
            if (why != null) {
                hazards.add(new Hazard(lock.table(), lock.mode(), lock.blocks(), why, true));
            }
        }
        for (Map.Entry<String, TableState> entry : after.tables().entrySet()) {
            long count = rows.getOrDefault(entry.getKey(), 0L);
            TableState was = before.tables().get(entry.getKey());
            long changed = entry.getValue().changed() - (was == null ? 0 : was.changed());
            if (count > 0 && changed >= count) {
                hazards.add(new Hazard(entry.getKey(), "row locks on every row", EnumSet.of(Write.UPDATE, Write.DELETE),
                        "changed all " + count + " rows in one transaction: each row stays locked until it commits", true));
            }
        }
        return hazards;
    }

    @Override
    public boolean isDeadlock(String sqlState, int vendorCode) {
        return "40P01".equals(sqlState);
    }

    @Override
    public String fix(Hazard hazard) {
        if (hazard.lock().equals("ShareLock")) {
            return "build the index with CREATE INDEX CONCURRENTLY, in a migration of its own"
                    + " (Flyway runs it outside a transaction)";
        }
        if (hazard.lock().startsWith("row locks")) {
            return "back-fill in batches that each commit (e.g. a Java migration, or a script with"
                    + " executeInTransaction=false and UPDATE ... WHERE id BETWEEN ...)";
        }
        if (hazard.why().startsWith("rewrites")) {
            return "avoid the rewrite: add the column without a volatile default (or nullable) and back-fill it in"
                    + " batches; for a type change add a new column, back-fill, then swap";
        }
        return "add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later migration"
                + " (that takes only SHARE UPDATE EXCLUSIVE, which blocks no writes)";
    }

    private static Array lowerCase(Connection connection, List<String> tables) throws SQLException {
        return connection.createArrayOf("text", tables.stream().map(t -> t.toLowerCase(Locale.ROOT)).toArray());
    }
}
