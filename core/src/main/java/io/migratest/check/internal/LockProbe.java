package io.migratest.check.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Concurrent writers, one thread and connection per table, that insert and update rows in a loop
 * while a migration runs, timing every statement. The longest statement is how long the
 * migration made a writer wait (a statement on an idle table takes a millisecond or two).
 */
public final class LockProbe {

    /**
     * The statements one writer repeats.
     *
     * @param table  the table, for the result
     * @param insert makes a new INSERT statement each time
     * @param update an UPDATE of an existing row, or {@code null}
     */
    public record Writer(String table, java.util.function.Supplier<String> insert, String update) {
    }

    /**
     * What the writers saw.
     *
     * @param maxWaitMillis the longest statement, in milliseconds
     * @param slowestTable  the table of that statement
     * @param writes        statements run during the migration
     * @param errors        statements that failed (e.g. after the migration dropped a column)
     * @param firstError    the first failure's message, or {@code null}
     */
    public record Result(long maxWaitMillis, String slowestTable, long writes, long errors, String firstError) {
    }

    private final List<Thread> threads = new ArrayList<>();
    private final List<long[]> maxima = new ArrayList<>();
    private final List<long[]> counts = new ArrayList<>();
    private final List<String[]> errors = new ArrayList<>();
    private final List<Writer> writers;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch warmedUp;

    private LockProbe(List<Writer> writers) {
        this.writers = writers;
        this.warmedUp = new CountDownLatch(writers.size());
    }

    /** Starts the writers and waits until each has written once, so they are running when the migration starts. */
    public static LockProbe start(DataSource dataSource, List<Writer> writers) throws InterruptedException {
        LockProbe probe = new LockProbe(writers);
        for (Writer writer : writers) {
            long[] max = new long[1];
            long[] count = new long[2];
            String[] error = new String[1];
            probe.maxima.add(max);
            probe.counts.add(count);
            probe.errors.add(error);
            Thread thread = new Thread(() -> probe.write(dataSource, writer, max, count, error),
                    "migratest-lock-probe-" + writer.table());
            thread.setDaemon(true);
            probe.threads.add(thread);
            thread.start();
        }
        // Bounded so that a writer that cannot connect does not hang the check; it then counts as an error.
        probe.warmedUp.await(30, TimeUnit.SECONDS);
        for (long[] max : probe.maxima) {
            synchronized (max) {
                max[0] = 0;
            }
        }
        return probe;
    }

    private void write(DataSource dataSource, Writer writer, long[] max, long[] count, String[] error) {
        boolean first = true;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            int turn = 0;
            while (!stop.get() || first) {
                String sql = writer.update() != null && turn++ % 2 == 1 ? writer.update() : writer.insert().get();
                long start = System.nanoTime();
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    synchronized (max) {
                        count[1]++;
                        if (error[0] == null) {
                            error[0] = e.getMessage();
                        }
                    }
                }
                long took = System.nanoTime() - start;
                synchronized (max) {
                    max[0] = Math.max(max[0], took);
                    count[0]++;
                }
                if (first) {
                    first = false;
                    warmedUp.countDown();
                }
                Thread.onSpinWait();
            }
        } catch (SQLException e) {
            synchronized (max) {
                count[1]++;
                error[0] = "writer could not connect: " + e.getMessage();
            }
            if (first) {
                warmedUp.countDown();
            }
        }
    }

    /** Stops the writers once each has finished its current statement, and returns what they saw. */
    public Result stop() throws InterruptedException {
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        long maxNanos = -1;
        String slowest = "";
        long writes = 0;
        long failures = 0;
        String firstError = null;
        for (int i = 0; i < writers.size(); i++) {
            long[] max = maxima.get(i);
            synchronized (max) {
                if (max[0] > maxNanos) {
                    maxNanos = max[0];
                    slowest = writers.get(i).table();
                }
                writes += counts.get(i)[0];
                failures += counts.get(i)[1];
                if (firstError == null) {
                    firstError = errors.get(i)[0];
                }
            }
        }
        return new Result(Math.max(0, maxNanos) / 1_000_000, slowest, writes, failures, firstError);
    }
}
