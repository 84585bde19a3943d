package io.migratest.check.internal;

import io.migratest.db.internal.LockObserver;
import io.migratest.db.internal.LockObserver.HeldLock;
import io.migratest.db.internal.LockObserver.Hazard;
import io.migratest.db.internal.LockObserver.Sample;
import io.migratest.db.internal.LockWaits;
import io.migratest.fixture.internal.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import javax.sql.DataSource;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * A Flyway callback that follows one migration statement by statement: before and after each
 * statement it reads the tables' counters through the migration's own connection, and after it,
 * from a second connection, the locks the migration's session holds; the engine's
 * {@link LockObserver} turns that into hazards. Reading must never break the migration, so a
 * failed read is kept as a note.
 */
final class StatementWatch implements Callback {

    /** Flyway's events around each migration and each of its statements: what a step's watcher handles. */
    static final Set<Event> STEP_EVENTS = EnumSet.of(Event.BEFORE_EACH_MIGRATE, Event.AFTER_EACH_MIGRATE,
            Event.AFTER_EACH_MIGRATE_ERROR, Event.BEFORE_EACH_MIGRATE_STATEMENT, Event.AFTER_EACH_MIGRATE_STATEMENT,
            Event.AFTER_EACH_MIGRATE_STATEMENT_ERROR);

    // a write that has run this long when a statement fails is waiting on a lock, not just running
    private static final long WAITING_MILLIS = 20;

    /**
     * One statement as it ran.
     *
     * @param index     1-based position in the step
     * @param line      its first line in the file, or 0 when unknown
     * @param sql       the statement
     * @param millis    how long it ran
     * @param held      locks the session held after it
     * @param hazards   what makes it block writes at production size
     * @param error     the server's error, or {@code null}
     * @param deadlock  whether that error is a deadlock
     * @param startNanos when it started ({@link System#nanoTime()})
     * @param waiting   after an error, the concurrent writes that were waiting then, e.g. {@code a concurrent INSERT into orders}
     */
    record Ran(int index, int line, String sql, long millis, List<HeldLock> held, List<Hazard> hazards, String error,
            boolean deadlock, long startNanos, List<String> waiting) {
    }

    private final LockWaits waits;
    private final LockObserver observer;
    private final DataSource observers;
    private final List<String> tables;
    private final Map<String, Long> rows;
    private final ToLongFunction<String> inserted;
    private final LongFunction<List<String>> waiting;
    private Map<String, Long> rowsBefore = Map.of();
    private final List<SqlScript.Statement> script;
    private final List<Ran> statements = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final boolean[] matched;
    private LockProbe writers;
    private Sessions sessions;
    private long session = -1;
    private Connection watcher;
    private Sample before;
    private long startNanos;
    private volatile long stepEndNanos;

    /**
     * @param rows     rows per table (lower case) when the step began
     * @param inserted rows the concurrent writers have inserted into a table since
     * @param waiting  the concurrent writes running for at least so many milliseconds now
     */
    StatementWatch(LockWaits waits, LockObserver observer, DataSource observers, List<String> tables,
            Map<String, Long> rows, ToLongFunction<String> inserted, LongFunction<List<String>> waiting, String content) {
        this.waiting = waiting;
        this.waits = waits;
        this.observer = observer;
        this.inserted = inserted;
        this.observers = observers;
        this.tables = tables;
        this.rows = rows;
        this.script = content == null ? List.of() : SqlScript.split(content, false);
        this.matched = new boolean[script.size()];
        this.sessions = new Sessions(waits);
    }

    /**
     * The session ids of the connections Flyway migrates on, read once per connection. Flyway
     * runs every version of one run on one connection, so the watches of a longer run (a shared
     * pass) share one {@code Sessions} and ask the server once per run, not once per version.
     * The connection is compared by identity and kept: the same object is the same session.
     */
    static final class Sessions {
        private final LockWaits waits;
        private Connection connection;
        private long id;

        Sessions(LockWaits waits) {
            this.waits = waits;
        }

        synchronized long of(Connection migration) throws SQLException {
            if (migration != connection) {
                id = waits.sessionId(migration);
                connection = migration;
            }
            return id;
        }
    }

    /** Has this watch find the migration's session through {@code shared}; this watch, for chaining. */
    StatementWatch identifying(Sessions shared) {
        this.sessions = shared;
        return this;
    }

    /**
     * Has {@code writers} begin writing as the step begins (its first callback, before its first
     * statement), so that they run through the step and its commit but not through the Flyway
     * bookkeeping before it; this watch, for chaining.
     */
    StatementWatch beginning(LockProbe writers) {
        this.writers = writers;
        return this;
    }

    List<Ran> statements() {
        synchronized (statements) {
            return List.copyOf(statements);
        }
    }

    List<String> notes() {
        synchronized (statements) {
            return List.copyOf(notes);
        }
    }

    LockObserver observer() {
        return observer;
    }

    /** When the step ended (its transaction, if any, committed or rolled back), or now if it has not. */
    long stepEndNanos() {
        return stepEndNanos == 0 ? System.nanoTime() : stepEndNanos;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return STEP_EVENTS.contains(event);
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        synchronized (statements) {
            try {
                switch (event) {
                    case BEFORE_EACH_MIGRATE -> start(context.getConnection());
                    case BEFORE_EACH_MIGRATE_STATEMENT -> {
                        before = observer.sample(context.getConnection(), tables);
                        rowsBefore = rowsNow();
                        startNanos = System.nanoTime();
                        if (writers != null) {
                            writers.statementBegins(statements.size() + 1);
                        }
                    }
                    case AFTER_EACH_MIGRATE_STATEMENT -> afterStatement(context);
                    case AFTER_EACH_MIGRATE_STATEMENT_ERROR -> failedStatement(context);
                    default -> end();
                }
            } catch (SQLException | RuntimeException e) {
                notes.add("locks not read at " + event + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                notes.add("interrupted at " + event + " while the writers started");
            }
        }
    }

    private void start(Connection migration) throws SQLException, InterruptedException {
        // the writers' first writes run while the watch finds the migration's session and connects
        if (writers != null) {
            writers.launch();
        }
        try {
            session = sessions.of(migration);
            watcher = observers.getConnection();
            watcher.setAutoCommit(true);
        } finally {
            if (writers != null) {
                writers.awaitFirstWrites();
            }
        }
    }

    private void afterStatement(Context context) throws SQLException {
        long took = System.nanoTime() - startNanos;
        String sql = context.getStatement() == null ? "" : context.getStatement().getSql();
        Sample after = observer.sample(context.getConnection(), tables);
        List<HeldLock> held = watcher == null ? List.of() : observer.held(watcher, session, tables);
        List<Hazard> hazards = before == null ? List.of() : observer.hazards(withoutComments(sql), before, after, held,
                rowsBefore);
        statements.add(new Ran(statements.size() + 1, line(sql), sql, took / 1_000_000, held, hazards, null, false,
                startNanos, List.of()));
        before = null;
    }

    /** Rows each table had when the statement began: those of the step's start and the writers' since. */
    private Map<String, Long> rowsNow() {
        Map<String, Long> now = new java.util.LinkedHashMap<>();
        rows.forEach((table, count) -> now.put(table, count + inserted.applyAsLong(table)));
        return now;
    }

    private void failedStatement(Context context) {
        long took = System.nanoTime() - startNanos;
        String sql = context.getStatement() == null ? "" : context.getStatement().getSql();
        String error = null;
        boolean deadlock = false;
        if (context.getStatement() != null && !context.getStatement().getErrors().isEmpty()) {
            org.flywaydb.core.api.callback.Error first = context.getStatement().getErrors().get(0);
            error = first.getMessage();
            deadlock = observer.isDeadlock(first.getState(), first.getCode());
        }
        // before Flyway rolls back: a writer the statement deadlocked with is still waiting
        statements.add(new Ran(statements.size() + 1, line(sql), sql, took / 1_000_000, List.of(), List.of(),
                error == null ? "failed" : error, deadlock, startNanos, waiting.apply(WAITING_MILLIS)));
        before = null;
    }

    private void end() {
        stepEndNanos = System.nanoTime();
        close();
    }

    /** Closes the second connection; also after a migrate that ended without its after-callback. */
    void close() {
        synchronized (statements) {
            if (watcher != null) {
                try {
                    watcher.close();
                } catch (SQLException ignored) {
                    // nothing to keep
                }
                watcher = null;
            }
        }
    }

    /** The statement's first line in the file: the next statement of the script with the same text, else by position. */
    private int line(String sql) {
        String wanted = normal(sql);
        for (int i = 0; i < script.size(); i++) {
            if (!matched[i] && normal(script.get(i).sql()).equals(wanted)) {
                matched[i] = true;
                return script.get(i).line();
            }
        }
        int position = statements.size();
        return position < script.size() ? script.get(position).line() : 0;
    }

    /** {@code sql} without the comment lines Flyway leaves at its start. */
    static String withoutComments(String sql) {
        if (sql == null) {
            return "";
        }
        String text = sql.strip();
        while (text.startsWith("--")) {
            int end = text.indexOf('\n');
            text = end < 0 ? "" : text.substring(end + 1).strip();
        }
        return text;
    }

    private static String normal(String sql) {
        String text = withoutComments(sql).replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return text.endsWith(";") ? text.substring(0, text.length() - 1).strip() : text;
    }

    @Override
    public String getCallbackName() {
        return "migratest-statement-watch";
    }
}
