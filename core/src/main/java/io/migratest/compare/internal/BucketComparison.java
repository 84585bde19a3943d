package io.migratest.compare.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Compares two queries on one server without shipping their rows: per key bucket, the row count
 * and the sum of the {@link RowEncoding 60-bit row hashes}. Buckets that agree hold the same rows
 * (up to a hash collision); the others are left to the streaming merge, restricted to them with
 * {@link #restrict}. Both sides are hashed at once, on two connections.
 *
 * <p>Equal sums cannot tell a key that both sides repeat alike. One side with unique keys is
 * enough (equal multisets of row hashes then make the other side's keys unique too), so the
 * source's keys are counted once, unless a table declares them unique.
 */
public final class BucketComparison {

    /** How many buckets the keys are spread over: a few hundred rows each at a million rows. */
    public static final int BUCKETS = 4096;

    /** One side: its query and the encoded key and row columns, in the same order on both sides. */
    public record Side(String query, List<RowEncoding.Column> key, List<RowEncoding.Column> row) {
    }

    /**
     * What the buckets showed.
     *
     * @param buckets       how many buckets the keys were spread over
     * @param differing     the buckets whose row counts or hash sums differ
     * @param matchedRows   the rows in the agreeing buckets (the same on both sides)
     * @param differingRows the rows, of the larger side, in the differing buckets
     * @param totalRows     the rows of the larger side
     */
    public record Outcome(int buckets, Set<Integer> differing, long matchedRows, long differingRows, long totalRows) {
    }

    private record Bucket(long rows, BigDecimal hashSum) {
    }

    private BucketComparison() {
    }

    /**
     * Compares both sides bucket by bucket on {@code jdbi}; {@code null} when the source repeats a
     * key (or has a NULL in it), which only the streaming merge reports well.
     *
     * @param sourceKeysUnique whether a table declares the source's key unique (else it is counted)
     */
    public static Outcome run(Jdbi jdbi, Sql flavour, Side source, Side target, boolean sourceKeysUnique)
            throws SQLException {
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(3, task -> {
            Thread thread = new Thread(task, "migratest-bucket-hash-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            // each on its own thread and connection, so that the server hashes both sides at once
            Future<Map<Integer, Bucket>> expected = threads.submit(() -> buckets(jdbi, flavour, source));
            Future<Map<Integer, Bucket>> actual = threads.submit(() -> buckets(jdbi, flavour, target));
            Future<Boolean> unique = sourceKeysUnique ? null : threads.submit(() -> keysAreUnique(jdbi, flavour, source));
            if (unique != null && !result(unique)) {
                return null;
            }
            return outcome(result(expected), result(actual));
        } finally {
            threads.shutdownNow();
        }
    }

    private static <T> T result(Future<T> future) throws SQLException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while the database hashed the rows", e);
        }
    }

    private static Outcome outcome(Map<Integer, Bucket> expected, Map<Integer, Bucket> actual) {
        Set<Integer> differing = new TreeSet<>();
        long matched = 0;
        long differingRows = 0;
        Set<Integer> all = new TreeSet<>(expected.keySet());
        all.addAll(actual.keySet());
        for (Integer bucket : all) {
            Bucket e = expected.get(bucket);
            Bucket a = actual.get(bucket);
            if (Objects.equals(e, a)) {
                matched += e.rows();
            } else {
                differing.add(bucket);
                differingRows += Math.max(e == null ? 0 : e.rows(), a == null ? 0 : a.rows());
            }
        }
        long total = Math.max(rows(expected), rows(actual));
        return new Outcome(BUCKETS, differing, matched, differingRows, total);
    }

    private static long rows(Map<Integer, Bucket> buckets) {
        return buckets.values().stream().mapToLong(Bucket::rows).sum();
    }

    private static Map<Integer, Bucket> buckets(Jdbi jdbi, Sql flavour, Side side) throws SQLException {
        String sql = "SELECT " + RowEncoding.sqlBucket(flavour, RowEncoding.sqlRowText(flavour, side.key()), BUCKETS)
                + " AS migratest_b, COUNT(*), SUM(" + RowEncoding.sqlHash60(flavour, RowEncoding.sqlRowText(flavour, side.row()))
                + ") FROM (" + Sql.strip(side.query()) + ") migratest_q GROUP BY migratest_b";
        Map<Integer, Bucket> result = new HashMap<>();
        try (Handle handle = jdbi.open();
             Statement statement = handle.getConnection().createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                result.put(rs.getInt(1), new Bucket(rs.getLong(2),
                        Objects.requireNonNullElse(rs.getBigDecimal(3), BigDecimal.ZERO).stripTrailingZeros()));
            }
        }
        return result;
    }

    /** Whether no two rows of {@code side} share a key and no key holds a NULL. */
    private static boolean keysAreUnique(Jdbi jdbi, Sql flavour, Side side) throws SQLException {
        String distinct = flavour.dialect().distinctTerm(side.key().stream().map(RowEncoding.Column::quoted).toList());
        try (Handle handle = jdbi.open();
             Statement statement = handle.getConnection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*), COUNT(DISTINCT " + distinct + ") FROM ("
                     + Sql.strip(side.query()) + ") migratest_q")) {
            rs.next();
            return rs.getLong(1) == rs.getLong(2);
        }
    }

    private static SQLException rethrow(Throwable cause) {
        if (cause instanceof SQLException e) {
            return e;
        }
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new SQLException(cause);
    }

    /** {@code side}'s query restricted to the rows whose key falls in {@code buckets} (none when empty). */
    public static String restrict(Sql flavour, Side side, int bucketCount, Set<Integer> buckets) {
        if (buckets.isEmpty()) {
            return Sql.derived(side.query()) + " WHERE 1 = 0";
        }
        String list = buckets.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return Sql.derived(side.query()) + " WHERE " + RowEncoding.sqlBucket(flavour,
                RowEncoding.sqlRowText(flavour, side.key()), bucketCount) + " IN (" + list + ")";
    }
}
