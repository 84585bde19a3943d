package io.migratest.compare.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrefetchingRowsTest {

    @Test
    void hands_over_every_row_in_order_then_the_end() throws Exception {
        CountingReader reader = new CountingReader(2_345, null);
        List<Integer> taken = new ArrayList<>();
        try (PrefetchingRows<Integer> rows = PrefetchingRows.start("prefetch-test-order", () -> reader, 100, 2)) {
            Integer row;
            while ((row = rows.next()) != null) {
                taken.add(row);
            }
            assertThat(rows.next()).isNull();
        }
        assertThat(taken).hasSize(2_345).isSorted().startsWith(0).endsWith(2_344);
        assertThat(reader.closedOn).isEqualTo("prefetch-test-order");
    }

    @Test
    void an_empty_reader_ends_at_once() throws Exception {
        CountingReader reader = new CountingReader(0, null);
        try (PrefetchingRows<Integer> rows = PrefetchingRows.start("prefetch-test-empty", () -> reader)) {
            assertThat(rows.next()).isNull();
        }
        assertThat(reader.closedOn).isEqualTo("prefetch-test-empty");
    }

    @Test
    void reads_on_a_named_daemon_thread() throws Exception {
        List<Thread> readers = new ArrayList<>();
        try (PrefetchingRows<Integer> rows = PrefetchingRows.start("prefetch-test-thread", () -> {
            readers.add(Thread.currentThread());
            return new CountingReader(1, null);
        })) {
            assertThat(rows.next()).isZero();
            assertThat(readers).singleElement().satisfies(thread -> {
                assertThat(thread.getName()).isEqualTo("prefetch-test-thread");
                assertThat(thread.isDaemon()).isTrue();
            });
        }
    }

    @Test
    void reads_no_more_than_a_few_batches_ahead() throws Exception {
        CountingReader reader = new CountingReader(1_000, null);
        try (PrefetchingRows<Integer> rows = PrefetchingRows.start("prefetch-test-bounded", () -> reader, 10, 2)) {
            assertThat(rows.next()).isZero();
            Thread thread = waitUntilBlockedOrEnded("prefetch-test-bounded", reader, 40);
            // the batch being taken, two in the queue and one waiting to go in
            assertThat(reader.read.get()).isEqualTo(40);
            assertThat(thread.getState()).isEqualTo(Thread.State.WAITING);
        }
    }

    @Test
    void throws_what_the_reader_threw_after_the_rows_before_it() throws Exception {
        SQLException failure = new SQLException("relation \"users\" does not exist", "42P01");
        CountingReader reader = new CountingReader(25, failure);
        List<Integer> taken = new ArrayList<>();
        try (PrefetchingRows<Integer> rows = PrefetchingRows.start("prefetch-test-sql", () -> reader, 10, 2)) {
            Throwable thrown = catchThrowable(() -> {
                Integer row;
                while ((row = rows.next()) != null) {
                    taken.add(row);
                }
            });
            assertThat(thrown).isSameAs(failure);
            assertThat(catchThrowable(rows::next)).as("asked again").isSameAs(failure);
        }
        assertThat(taken).hasSize(25).isSorted();
        assertThat(reader.closedOn).isEqualTo("prefetch-test-sql");
    }

    @Test
    void throws_an_error_of_the_reader_as_it_was() throws Exception {
        OutOfMemoryError failure = new OutOfMemoryError("Java heap space");
        try (PrefetchingRows<Integer> rows = PrefetchingRows.start("prefetch-test-error",
                () -> new CountingReader(3, failure))) {
            assertThat(rows.next()).isZero();
            assertThat(catchThrowable(() -> {
                while (rows.next() != null) {
                    // the rows before the failure
                }
            })).isSameAs(failure);
        }
    }

    @Test
    void throws_what_opening_the_reader_threw() {
        IllegalStateException failure = new IllegalStateException("no connection");
        try (PrefetchingRows<Integer> rows = PrefetchingRows.start("prefetch-test-open", () -> {
            throw failure;
        })) {
            assertThat(catchThrowable(rows::next)).isSameAs(failure);
        }
    }

    @Test
    void close_stops_a_reader_that_would_never_end_and_closes_it() throws Exception {
        CountingReader reader = new CountingReader(Integer.MAX_VALUE, null);
        PrefetchingRows<Integer> rows = PrefetchingRows.start("prefetch-test-early-close", () -> reader, 10, 2);
        assertThat(rows.next()).isZero();
        assertThat(rows.next()).isOne();
        Thread thread = waitUntilBlockedOrEnded("prefetch-test-early-close", reader, 40);

        rows.close();

        assertThat(thread.isAlive()).isFalse();
        assertThat(reader.closedOn).isEqualTo("prefetch-test-early-close");
        assertThat(reader.read.get()).isEqualTo(40);
    }

    @Test
    void close_before_any_row_is_taken_ends_the_thread() {
        CountingReader reader = new CountingReader(Integer.MAX_VALUE, null);
        PrefetchingRows.start("prefetch-test-close-at-once", () -> reader, 10, 2).close();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("prefetch-test-close-at-once"));
        assertThat(reader.closedOn).isEqualTo("prefetch-test-close-at-once");
    }

    /**
     * The reader thread once it has read {@code rows} rows and waits, or has ended. It may still show
     * as waiting for an earlier hand-over a moment after the consumer freed room, hence the rows.
     */
    private static Thread waitUntilBlockedOrEnded(String name, CountingReader reader, int rows) {
        Thread thread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow();
        while (!(reader.read.get() >= rows && thread.getState() == Thread.State.WAITING)
                && thread.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
        return thread;
    }

    /** The numbers 0 … size - 1, then {@code failure} if any, counting what was read and where it was closed. */
    private static final class CountingReader implements PrefetchingRows.Reader<Integer> {
        final AtomicInteger read = new AtomicInteger();
        final int size;
        final Exception failure;
        final Error error;
        volatile String closedOn;

        CountingReader(int size, Throwable failure) {
            this.size = size;
            this.failure = failure instanceof Exception e ? e : null;
            this.error = failure instanceof Error e ? e : null;
        }

        @Override
        public Integer next() throws Exception {
            if (read.get() == size) {
                if (failure != null) {
                    throw failure;
                }
                if (error != null) {
                    throw error;
                }
                return null;
            }
            return read.getAndIncrement();
        }

        @Override
        public void close() {
            closedOn = Thread.currentThread().getName();
        }
    }
}
