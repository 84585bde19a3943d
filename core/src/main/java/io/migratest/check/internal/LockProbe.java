package io.migratest.check.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import javax.sql.DataSource;

/**
 * Concurrent writers, one thread and connection per table, that insert and update rows in a loop
 * (a short pause between statements) while a migration runs, timing every statement. The
 * longest statement is how long the migration made a writer wait (a statement on an idle table
 * takes a millisecond or two); the spread of all of them (p50, p99) and the rate say what the
 * application would feel.
 */
public final class LockProbe {

    /**
     * The statements one writer repeats.
     *
     * @param table  the table, for the result
     * @param insert makes a new INSERT statement each time
     * @param update an UPDATE of an existing row, or {@code null}
     */
    public record Writer(String table, Supplier<String> insert, String update) {
    }

    /**
     * What the writers saw while the migration ran.
     *
     * @param maxWaitMillis   the longest statement, in milliseconds
     * @param slowestTable    the table of that statement
     * @param p50Micros       the median statement, in microseconds
     * @param p99Micros       the 99th percentile statement, in microseconds
     * @param writes          statements run during the migration
     * @param writesPerSecond statements per second during the migration
     * @param errors          statements that failed (e.g. after the migration dropped a column)
     * @param firstError      the first failure, naming the table and statement, or {@code null}
     * @param deadlock        the first write the server aborted as a deadlock victim, or {@code null}
     */
    public record Result(long maxWaitMillis, String slowestTable, long p50Micros, long p99Micros, long writes,
            long writesPerSecond, long errors, String firstError, String deadlock) {
    }

    /**
     * The writes of one table's writer the server refused, split at the statement of the step
     * from whose start on the table may have changed: {@code before} were refused by the table as
     * it was before the step (the warm-up's among them), {@code after} by the table as the step
     * left it, or while a statement of the step changed it.
     *
     * @param table       the table, as the writer names it
     * @param before      refusals before that statement began
     * @param firstBefore the first of them, naming the statement and the server's error, or {@code null}
     * @param after       refusals from that statement's start on, until the writers stopped
     * @param firstAfter  the first of them, or {@code null}
     * @param firstAfterAt the statement (1-based) last begun when the first of them was refused; 0 before the first
     */
    public record Refusals(String table, long before, String firstBefore, long after, String firstAfter,
            int firstAfterAt) {
    }

    /** What one writer saw; guarded by itself. */
    private static final class Tally {
        long[] micros = new long[1024];
        int count;
        long max;
        long errors;
        // refusals of the warm-up, before the step's first callback: never reset
        long warmUpRefused;
        String warmUpFirst;
        // refusals since the warm-up, by the statement of the step running (0: none yet) when refused
        long[] refusedAt = new long[8];
        String[] firstAt = new String[8];
        // not reset after the warm-up: rows the writer added since the table was counted
        final java.util.concurrent.atomic.AtomicLong inserted = new java.util.concurrent.atomic.AtomicLong();
        // the statement running now: since when (0: none), and whether it is the UPDATE
        volatile long runningSince;
        volatile boolean runningUpdate;
        String firstError;
        String deadlock;

        synchronized void took(long nanos) {
            if (count == micros.length) {
                micros = Arrays.copyOf(micros, count * 2);
            }
            micros[count++] = nanos / 1_000;
            max = Math.max(max, nanos);
        }

        synchronized void refused(int statement, String what) {
            if (statement >= refusedAt.length) {
                refusedAt = Arrays.copyOf(refusedAt, statement * 2);
                firstAt = Arrays.copyOf(firstAt, statement * 2);
            }
            refusedAt[statement]++;
            if (firstAt[statement] == null) {
                firstAt[statement] = what;
            }
        }

        synchronized void reset() {
            // what the warm-up had refused stays: those writes met the table before the step
            for (int i = 0; i < refusedAt.length; i++) {
                warmUpRefused += refusedAt[i];
                warmUpFirst = warmUpFirst == null ? firstAt[i] : warmUpFirst;
            }
            Arrays.fill(refusedAt, 0);
            Arrays.fill(firstAt, null);
            count = 0;
            max = 0;
            errors = 0;
            firstError = null;
            deadlock = null;
        }
    }

    /**
     * The pause of a writer between two of its statements. Flat out, each writer and its server
     * session took a core, so on a small machine the writers slowed the very migration they
     * measure. Paced, a writer still meets every lock held longer than the pause plus one write
     * (about a millisecond): it then starts a statement while the lock is held, waits for it, and
     * the wait is measured as before; no budget or finding is about shorter waits. What each
     * statement holds is read from the server's views by the statement watch, not from the
     * writers. Between two statements of a step the watch reads those views (two or three
     * queries, some milliseconds), longer than a writer's turn, so writes still land between
     * them, as a racing application's would.
     */
    static final long PAUSE_NANOS = 500_000;

    private final List<Thread> threads = new ArrayList<>();
    private final List<Tally> tallies = new ArrayList<>();
    private final List<Writer> writers;
    private final BiPredicate<String, Integer> isDeadlock;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch warmedUp;
    private final DataSource dataSource;
    private volatile boolean begun;
    // the statement of the step running now, 1-based; 0 before the first
    private volatile int stepStatement;
    // whether the first writes were awaited, so that the time since counts
    private boolean measuring;
    private long startNanos;

    private LockProbe(DataSource dataSource, List<Writer> writers, BiPredicate<String, Integer> isDeadlock) {
        this.dataSource = dataSource;
        this.writers = writers;
        this.isDeadlock = isDeadlock;
        this.warmedUp = new CountDownLatch(writers.size());
        writers.forEach(w -> tallies.add(new Tally()));
    }

    /**
     * Starts the writers and waits until each has written once, so they are running when the
     * migration starts; {@code isDeadlock} tells a deadlock from its SQLState and vendor code.
     */
    public static LockProbe start(DataSource dataSource, List<Writer> writers, BiPredicate<String, Integer> isDeadlock)
            throws InterruptedException {
        LockProbe probe = prepare(dataSource, writers, isDeadlock);
        probe.begin();
        return probe;
    }

    /**
     * Writers ready to {@link #begin}, e.g. as the migration's own step begins rather than before
     * Flyway's bookkeeping of the run, which no application write meets; until then they have
     * written nothing, and {@link #stop} of writers never begun reports no write.
     */
    public static LockProbe prepare(DataSource dataSource, List<Writer> writers, BiPredicate<String, Integer> isDeadlock) {
        return new LockProbe(dataSource, writers, isDeadlock);
    }

    /** Starts the writers, once, and waits until each has run its INSERT and UPDATE once (or 30 s have passed). */
    public void begin() throws InterruptedException {
        launch();
        awaitFirstWrites();
    }

    /**
     * Starts the writers, once, without waiting for their first writes, so that the caller can
     * make its own preparations meanwhile; {@link #awaitFirstWrites} then waits for them.
     */
    synchronized void launch() {
        if (begun || stop.get()) {
            return;
        }
        begun = true;
        // measured from here should the first writes never be awaited
        startNanos = System.nanoTime();
        for (int i = 0; i < writers.size(); i++) {
            Writer writer = writers.get(i);
            Tally tally = tallies.get(i);
            Thread thread = new Thread(() -> write(dataSource, writer, tally), "migratest-lock-probe-" + writer.table());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * Waits until each writer {@link #launch launched} has run its INSERT and UPDATE once (or 30 s
     * have passed), and starts measuring from then; once.
     */
    synchronized void awaitFirstWrites() throws InterruptedException {
        if (!begun || measuring) {
            return;
        }
        measuring = true;
        // Bounded so that a writer that cannot connect does not hang the check; it then counts as an error.
        warmedUp.await(30, TimeUnit.SECONDS);
        // What the warm-up saw (the first statement of a connection is slow) is not the migration's doing.
        tallies.forEach(Tally::reset);
        startNanos = System.nanoTime();
    }

    private void write(DataSource dataSource, Writer writer, Tally tally) {
        boolean first = true;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            int turn = 0;
            while (!stop.get() || first) {
                boolean update = writer.update() != null && turn++ % 2 == 1;
                String sql = update ? writer.update() : writer.insert().get();
                long start = System.nanoTime();
                tally.runningUpdate = update;
                tally.runningSince = start;
                try {
                    statement.execute(sql);
                    if (!update) {
                        tally.inserted.incrementAndGet();
                    }
                } catch (SQLException e) {
                    refused(writer, tally, update, e);
                }
                tally.runningSince = 0;
                tally.took(System.nanoTime() - start);
                // warmed up once each statement it repeats was tried on the table as it is before the step
                if (first && (writer.update() == null || turn > 1)) {
                    first = false;
                    warmedUp.countDown();
                }
                LockSupport.parkNanos(PAUSE_NANOS);
            }
        } catch (SQLException e) {
            synchronized (tally) {
                tally.errors++;
                tally.firstError = "the writer of " + writer.table() + " could not connect: " + e.getMessage();
                tally.refused(stepStatement, tally.firstError);
            }
            if (first) {
                warmedUp.countDown();
            }
        }
    }

    private void refused(Writer writer, Tally tally, boolean update, SQLException e) {
        String what = describe(writer, update);
        String failed = what + " failed: " + oneLine(e.getMessage());
        synchronized (tally) {
            tally.errors++;
            tally.refused(stepStatement, failed);
            if (tally.firstError == null) {
                tally.firstError = failed;
            }
            if (tally.deadlock == null && isDeadlock.test(e.getSQLState(), e.getErrorCode())) {
                tally.deadlock = what;
            }
        }
    }

    /**
     * The writes running for at least {@code millis} now, longest first, e.g. {@code a concurrent
     * INSERT into orders}: those a migration statement that just failed was waiting with.
     */
    public List<String> waiting(long millis) {
        long now = System.nanoTime();
        List<long[]> found = new ArrayList<>();
        for (int i = 0; i < writers.size(); i++) {
            long since = tallies.get(i).runningSince;
            if (since != 0 && now - since >= millis * 1_000_000) {
                found.add(new long[] {since, i});
            }
        }
        found.sort((a, b) -> Long.compare(a[0], b[0]));
        return found.stream().map(f -> describe(writers.get((int) f[1]), tallies.get((int) f[1]).runningUpdate)).toList();
    }

    private static String describe(Writer writer, boolean update) {
        return "a concurrent " + (update ? "UPDATE of " : "INSERT into ") + writer.table();
    }

    /**
     * The step's statement {@code index} (1-based) begins: a write refused from now on may have
     * met what that statement changed.
     */
    void statementBegins(int index) {
        stepStatement = index;
    }

    /**
     * The refusals of each writer, split at the start of the step's statement {@code changedFrom}
     * of its table ({@code 0}: the writers' start, e.g. a Java migration, whose statements are not
     * seen one by one); the warm-up's refusals count before, whatever the split. Read after
     * {@link #stop}.
     */
    public List<Refusals> refusals(ToIntFunction<String> changedFrom) {
        List<Refusals> all = new ArrayList<>();
        for (int i = 0; i < writers.size(); i++) {
            String table = writers.get(i).table();
            int split = changedFrom.applyAsInt(table);
            Tally tally = tallies.get(i);
            synchronized (tally) {
                long before = tally.warmUpRefused;
                String firstBefore = tally.warmUpFirst;
                long after = 0;
                String firstAfter = null;
                int firstAfterAt = 0;
                for (int at = 0; at < tally.refusedAt.length; at++) {
                    if (at < split) {
                        before += tally.refusedAt[at];
                        firstBefore = firstBefore == null ? tally.firstAt[at] : firstBefore;
                    } else {
                        after += tally.refusedAt[at];
                        if (firstAfter == null && tally.firstAt[at] != null) {
                            firstAfter = tally.firstAt[at];
                            firstAfterAt = at;
                        }
                    }
                }
                all.add(new Refusals(table, before, firstBefore, after, firstAfter, firstAfterAt));
            }
        }
        return all;
    }

    /** Rows the writers of {@code table} (any case) have inserted so far, committed. */
    public long inserted(String table) {
        long sum = 0;
        for (int i = 0; i < writers.size(); i++) {
            if (writers.get(i).table().equalsIgnoreCase(table)) {
                sum += tallies.get(i).inserted.get();
            }
        }
        return sum;
    }

    /** Stops the writers once each has finished its current statement, and returns what they saw. */
    public Result stop() throws InterruptedException {
        List<Thread> started;
        synchronized (this) {
            stop.set(true);
            started = List.copyOf(threads);
        }
        for (Thread thread : started) {
            // a writer in its pause stops now, not when the pause ends
            LockSupport.unpark(thread);
        }
        for (Thread thread : started) {
            thread.join();
        }
        long elapsedNanos = begun ? Math.max(1, System.nanoTime() - startNanos) : 1;
        long maxNanos = -1;
        String slowest = "";
        long failures = 0;
        String firstError = null;
        String deadlock = null;
        List<long[]> all = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < writers.size(); i++) {
            Tally tally = tallies.get(i);
            synchronized (tally) {
                if (tally.max > maxNanos) {
                    maxNanos = tally.max;
                    slowest = writers.get(i).table();
                }
                all.add(Arrays.copyOf(tally.micros, tally.count));
                total += tally.count;
                failures += tally.errors;
                firstError = firstError == null ? tally.firstError : firstError;
                deadlock = deadlock == null ? tally.deadlock : deadlock;
            }
        }
        long[] micros = new long[total];
        int at = 0;
        for (long[] part : all) {
            System.arraycopy(part, 0, micros, at, part.length);
            at += part.length;
        }
        Arrays.sort(micros);
        long perSecond = total * 1_000_000_000L / elapsedNanos;
        return new Result(Math.max(0, maxNanos) / 1_000_000, slowest, percentile(micros, 50), percentile(micros, 99),
                total, perSecond, failures, firstError, deadlock);
    }

    private static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }
}
