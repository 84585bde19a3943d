package io.migratest.compare.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The rows of a {@link Reader}, read ahead on a daemon thread of their own, so that reading and
 * decoding one side of a diff overlaps with the other side and the merge.
 *
 * <p>Rows cross over in batches, not one by one, so the threads meet once per batch; a few
 * batches at most are in flight, so memory stays bounded however long the result. The reader is
 * opened, read and closed on the background thread alone: its JDBC objects never see two threads.
 * A failure there (an {@link java.sql.SQLException}, a {@link RuntimeException}, an {@link Error})
 * is thrown, as it was, by {@link #next()} once the rows before it have been taken.
 */
public final class PrefetchingRows<T> implements Merge.Source<T>, AutoCloseable {

    /** Rows in order, {@code null} at the end, with what they hold released on close. */
    public interface Reader<T> extends Merge.Source<T>, AutoCloseable {
        @Override
        void close();
    }

    /** Opens the reader; it runs on the background thread, so that a slow query start overlaps too. */
    @FunctionalInterface
    public interface Opener<T> {
        Reader<T> open() throws Exception;
    }

    static final int BATCH_SIZE = 1_000;
    static final int BATCHES_AHEAD = 4;

    private static final Object[] NO_ROWS = new Object[0];
    /** The end after a failure; shared so that handing it over needs no memory after an OutOfMemoryError. */
    private static final Batch END = new Batch(NO_ROWS, 0, true);

    /** A run of rows, {@code last} when the reader has no more. */
    private record Batch(Object[] rows, int size, boolean last) {
    }

    private final int batchSize;
    private final BlockingQueue<Batch> ready;
    private final Thread thread;
    private volatile boolean stopped;
    /** What stopped the reader, set before the last batch is handed over. */
    private volatile Throwable failure;
    /** On the reader thread: whether the last batch was handed over, after which failures go unseen. */
    private boolean handedLast;
    private Batch current = new Batch(NO_ROWS, 0, false);
    private int index;

    private PrefetchingRows(String threadName, Opener<T> opener, int batchSize, int batchesAhead) {
        this.batchSize = batchSize;
        this.ready = new ArrayBlockingQueue<>(batchesAhead);
        this.thread = new Thread(() -> produce(opener), threadName);
        // a diff abandoned without close() must not keep the JVM alive
        thread.setDaemon(true);
    }

    /** Starts reading what {@code opener} opens on a new daemon thread named {@code threadName}. */
    public static <T> PrefetchingRows<T> start(String threadName, Opener<T> opener) {
        return start(threadName, opener, BATCH_SIZE, BATCHES_AHEAD);
    }

    static <T> PrefetchingRows<T> start(String threadName, Opener<T> opener, int batchSize, int batchesAhead) {
        PrefetchingRows<T> rows = new PrefetchingRows<>(threadName, opener, batchSize, batchesAhead);
        rows.thread.start();
        return rows;
    }

    /** The next row, {@code null} at the end; throws what the reader threw, once the rows before it are taken. */
    @Override
    @SuppressWarnings("unchecked")
    public T next() throws Exception {
        while (index == current.size()) {
            if (current.last()) {
                if (failure != null) {
                    throw rethrown(failure);
                }
                return null;
            }
            current = takeBatch();
            index = 0;
        }
        return (T) current.rows()[index++];
    }

    /**
     * The next batch. Waits in steps to notice a reader thread that died without handing over its
     * end (only when even that failed, e.g. out of memory), rather than wait for ever.
     */
    private Batch takeBatch() throws InterruptedException {
        try {
            Batch batch;
            while ((batch = ready.poll(1, TimeUnit.SECONDS)) == null) {
                if (!thread.isAlive() && ready.isEmpty()) {
                    throw new IllegalStateException("The thread " + thread.getName() + " ended without handing over"
                            + " the end of its rows");
                }
            }
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** {@code failure} as thrown by the reader: the callers tell SQL failures and Migratest's own apart by type. */
    private static Exception rethrown(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return failure instanceof Exception exception ? exception : new IllegalStateException(failure);
    }

    /**
     * Stops the reader and waits until its thread has closed it. A batch being read is finished
     * first, and a query still starting runs to its first rows: no longer than the caller would
     * have waited had it opened the query itself.
     */
    @Override
    public void close() {
        stopped = true;
        // frees the room a blocked hand-over waits for; the reader sees the stop before another one
        ready.clear();
        joinUninterruptibly();
    }

    private void joinUninterruptibly() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void produce(Opener<T> opener) {
        try (Reader<T> reader = opener.open()) {
            while (!handedLast && !stopped) {
                Batch batch = readBatch(reader);
                handOver(batch);
                handedLast = batch.last();
            }
        } catch (Throwable e) {
            // opening or closing failed (a failed close after the last row changes no result)
            if (!handedLast) {
                failure = e;
                handOver(END);
            }
        }
    }

    /** The next rows; the last ones when the reader ends or fails, so the rows before a failure still count. */
    private Batch readBatch(Reader<T> reader) {
        Object[] rows = new Object[batchSize];
        int size = 0;
        try {
            T row;
            while (size < rows.length && (row = reader.next()) != null) {
                rows[size++] = row;
            }
        } catch (Throwable e) {
            failure = e;
            return new Batch(rows, size, true);
        }
        return new Batch(rows, size, size < rows.length);
    }

    /**
     * Puts a batch in the queue unless the consumer has stopped. At most one hand-over can start
     * before the stop is seen and end after close() cleared the queue, so none waits for good.
     * It waits through interrupts: the consumer, taking or closing, is what ends the wait.
     */
    private void handOver(Batch batch) {
        if (stopped) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                ready.put(batch);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
