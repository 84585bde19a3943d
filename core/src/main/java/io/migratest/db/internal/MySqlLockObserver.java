package io.migratest.db.internal;

import io.migratest.db.internal.LockObserver.Write;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL's and MariaDB's account of a statement. An ALTER that copies the table reports the rows
 * it copied as its affected rows ({@code ROW_COUNT()} right after it; in place or instant it
 * reports 0); table locks kept after a statement
 * ({@code LOCK TABLES}) come from performance_schema.metadata_locks where it is on, else from the
 * statement itself; rows changed by the open transaction from INNODB_TRX.
 */
final class MySqlLockObserver implements LockObserver {

    static final String COPIED = "rowCount";
    static final String CHANGED = "rowsModified";
    static final String IN_TRANSACTION = "inTransaction";
    // what a copying ALTER holds while it copies
    private static final String COPY_LOCK = "metadata lock SHARED_NO_WRITE (ALGORITHM=COPY)";
    private static final String HELD = "SELECT m.OBJECT_NAME, m.LOCK_TYPE FROM performance_schema.metadata_locks m"
            + " JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID"
            + " WHERE t.PROCESSLIST_ID = ? AND m.OBJECT_TYPE = 'TABLE' AND m.OBJECT_SCHEMA = DATABASE()"
            + " AND m.LOCK_STATUS = 'GRANTED'";
    // Metadata lock types a writer's SHARED_WRITE waits for (MySQL's MDL compatibility matrix).
    private static final Set<String> BLOCKS_WRITES = Set.of("SHARED_NO_WRITE", "SHARED_NO_READ_WRITE",
            "SHARED_READ_ONLY", "EXCLUSIVE");
    private static final Pattern LOCK_TABLES = Pattern.compile("^\\s*LOCK\\s+TABLES?\\s+(.+)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern LOCKED_TABLE = Pattern.compile("[`\"]?([A-Za-z0-9_$]+)[`\"]?(?:\\s+(?:AS\\s+)?[A-Za-z0-9_$]+)?"
            + "\\s+(READ|WRITE)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ALTER = Pattern.compile("^\\s*ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)?TABLE\\s+[`\"]?([A-Za-z0-9_$]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DML = Pattern.compile("^\\s*(?:UPDATE|DELETE\\s+FROM)\\s+[`\"]?([A-Za-z0-9_$]+)",
            Pattern.CASE_INSENSITIVE);

    @Override
    public Sample sample(Connection migration, List<String> tables) throws SQLException {
        Map<String, Long> session = new LinkedHashMap<>();
        try (Statement statement = migration.createStatement()) {
            // first: any other statement resets it
            try (ResultSet row = statement.executeQuery("SELECT ROW_COUNT()")) {
                session.put(COPIED, row.next() ? row.getLong(1) : 0L);
            }
            try (ResultSet row = statement.executeQuery("SELECT trx_rows_modified FROM information_schema.INNODB_TRX"
                    + " WHERE trx_mysql_thread_id = CONNECTION_ID()")) {
                session.put(CHANGED, row.next() ? row.getLong(1) : 0L);
            }
        }
        session.put(IN_TRANSACTION, migration.getAutoCommit() ? 0L : 1L);
        // no per-table counters: a copy shows in ROW_COUNT(), changed rows in the transaction's
        return new Sample(Map.of(), session);
    }

    @Override
    public List<HeldLock> held(Connection observer, long session, List<String> tables) {
        List<HeldLock> held = new ArrayList<>();
        Set<String> wanted = new java.util.HashSet<>();
        tables.forEach(t -> wanted.add(t.toLowerCase(Locale.ROOT)));
        try (PreparedStatement statement = observer.prepareStatement(HELD)) {
            statement.setLong(1, session);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String table = row.getString(1).toLowerCase(Locale.ROOT);
                    if (wanted.contains(table)) {
                        held.add(new HeldLock(table, row.getString(2), blocks(row.getString(2))));
                    }
                }
            }
        } catch (SQLException noPerformanceSchema) {
            // MariaDB has performance_schema off by default: hazards() reads LOCK TABLES from the statement
        }
        return held;
    }

    private static Set<Write> blocks(String type) {
        return BLOCKS_WRITES.contains(type) ? EnumSet.allOf(Write.class) : EnumSet.noneOf(Write.class);
    }

    @Override
    public List<Hazard> hazards(String sql, Sample before, Sample after, List<HeldLock> held, Map<String, Long> rows) {
        List<Hazard> hazards = new ArrayList<>();
        Set<String> locked = new java.util.HashSet<>();
        for (HeldLock lock : held) {
            if (rows.getOrDefault(lock.table(), 0L) > 0 && !lock.blocks().isEmpty()) {
                hazards.add(new Hazard(lock.table(), "metadata lock " + lock.mode(), lock.blocks(),
                        "keeps it after the statement (LOCK TABLES): nobody writes until UNLOCK TABLES", true));
                locked.add(lock.table());
            }
        }
        Matcher lockTables = LOCK_TABLES.matcher(sql);
        if (lockTables.find()) {
            Matcher each = LOCKED_TABLE.matcher(lockTables.group(1));
            while (each.find()) {
                String table = each.group(1).toLowerCase(Locale.ROOT);
                if (rows.getOrDefault(table, 0L) > 0 && locked.add(table)) {
                    boolean write = each.group(2).equalsIgnoreCase("WRITE");
                    hazards.add(new Hazard(table, "table lock " + each.group(2).toUpperCase(Locale.ROOT),
                            EnumSet.allOf(Write.class), "keeps it until UNLOCK TABLES: nobody "
                            + (write ? "reads or writes" : "writes") + " meanwhile", true));
                }
            }
        }
        long copied = after.session().getOrDefault(COPIED, 0L);
        Matcher alter = ALTER.matcher(sql);
        if (alter.find()) {
            String table = alter.group(1).toLowerCase(Locale.ROOT);
            long count = rows.getOrDefault(table, 0L);
            if (count > 0 && copied >= count) {
                hazards.add(new Hazard(table, COPY_LOCK, EnumSet.allOf(Write.class),
                        "copies every row into a new table while writes wait", false));
            }
        }
        long changed = Math.max(copied,
                after.session().getOrDefault(CHANGED, 0L) - before.session().getOrDefault(CHANGED, 0L));
        Matcher dml = DML.matcher(sql);
        if (dml.find() && after.session().getOrDefault(IN_TRANSACTION, 0L) == 1) {
            String table = dml.group(1).toLowerCase(Locale.ROOT);
            long count = rows.getOrDefault(table, 0L);
            if (count > 0 && changed >= count) {
                hazards.add(new Hazard(table, "row locks on every row", EnumSet.of(Write.UPDATE, Write.DELETE),
                        "changed all " + count + " rows in one transaction: each row stays locked until it commits", true));
            }
        }
        return hazards;
    }

    @Override
    public boolean isDeadlock(String sqlState, int vendorCode) {
        return vendorCode == 1213 || "40001".equals(sqlState);
    }

    @Override
    public String fix(Hazard hazard) {
        if (hazard.lock().equals(COPY_LOCK)) {
            return "ask for ALGORITHM=INSTANT or ALGORITHM=INPLACE, LOCK=NONE so the server refuses rather than copies;"
                    + " a type change that cannot run in place needs a new column back-filled in batches, and a"
                    + " foreign key can be added in place with foreign_key_checks=0 once the data is known to match";
        }
        if (hazard.lock().startsWith("row locks")) {
            return "back-fill in batches that each commit (UPDATE ... WHERE id BETWEEN ... in a Java migration, or"
                    + " one statement per batch with autocommit)";
        }
        return "do not lock tables in a migration: the ALTER or UPDATE takes the locks it needs and no more";
    }
}
