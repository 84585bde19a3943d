package io.migratest.compare.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Compares two queries on one server without shipping their rows: per key bucket, the row count,
 * the count of distinct keys and the sum of the {@link RowEncoding 60-bit row hashes}. Buckets
 * that agree hold the same rows (up to a hash collision); the others are left to the streaming
 * merge, restricted to them with {@link #restrict}.
 */
public final class BucketComparison {

    /** One side: its query and the encoded key and row columns, in the same order on both sides. */
    public record Side(String query, List<RowEncoding.Column> key, List<RowEncoding.Column> row) {
    }

    /**
     * What the buckets showed.
     *
     * @param buckets     how many buckets the keys were spread over
     * @param differing   the buckets whose counts, distinct keys or hash sums differ (or hold a duplicate key)
     * @param matchedRows the rows in the agreeing buckets (the same on both sides)
     */
    public record Outcome(int buckets, Set<Integer> differing, long matchedRows) {
    }

    private record Bucket(long rows, long keys, BigDecimal hashSum) {
    }

    private BucketComparison() {
    }

    /** The bucket count for about {@code rows} rows: a few hundred rows per bucket, at most 4096 buckets. */
    public static int bucketsFor(long rows) {
        return (int) Math.max(16, Math.min(4096, rows / 256));
    }

    /** The row count of {@code query}, the cheapest invariant. */
    public static long count(Jdbi jdbi, String query) throws SQLException {
        try (Handle handle = jdbi.open();
             Statement statement = handle.getConnection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM (" + strip(query) + ") migratest_q")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Compares both sides bucket by bucket on {@code jdbi}. */
    public static Outcome run(Jdbi jdbi, Sql flavour, Side source, Side target, int buckets) throws SQLException {
        Map<Integer, Bucket> expected = buckets(jdbi, flavour, source, buckets);
        Map<Integer, Bucket> actual = buckets(jdbi, flavour, target, buckets);
        Set<Integer> differing = new TreeSet<>();
        long matched = 0;
        Set<Integer> all = new TreeSet<>(expected.keySet());
        all.addAll(actual.keySet());
        for (Integer bucket : all) {
            Bucket e = expected.get(bucket);
            Bucket a = actual.get(bucket);
            // a duplicate key goes to the merge even when both sides repeat it, so it is reported as the merge would
            if (e == null || a == null || !e.equals(a) || e.rows() != e.keys()) {
                differing.add(bucket);
            } else {
                matched += e.rows();
            }
        }
        return new Outcome(buckets, differing, matched);
    }

    private static Map<Integer, Bucket> buckets(Jdbi jdbi, Sql flavour, Side side, int buckets) throws SQLException {
        String keyText = RowEncoding.sqlRowText(flavour, side.key());
        String rowText = RowEncoding.sqlRowText(flavour, side.row());
        String distinctKey = flavour == Sql.MYSQL ? "CAST(k AS BINARY)" : "k";
        String sql = "SELECT b, COUNT(*), COUNT(DISTINCT " + distinctKey + "), SUM(h) FROM (SELECT "
                + RowEncoding.sqlBucket(flavour, "k", buckets) + " AS b, k, " + RowEncoding.sqlHash60(flavour, "r")
                + " AS h FROM (SELECT " + keyText + " AS k, " + rowText + " AS r FROM (" + strip(side.query())
                + ") migratest_q) migratest_e) migratest_h GROUP BY b";
        Map<Integer, Bucket> result = new HashMap<>();
        try (Handle handle = jdbi.open();
             Statement statement = handle.getConnection().createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                result.put(rs.getInt(1), new Bucket(rs.getLong(2), rs.getLong(3),
                        Objects.requireNonNullElse(rs.getBigDecimal(4), BigDecimal.ZERO).stripTrailingZeros()));
            }
        }
        return result;
    }

    /** {@code side}'s query restricted to the rows whose key falls in {@code buckets} (none when empty). */
    public static String restrict(Sql flavour, Side side, int bucketCount, Set<Integer> buckets) {
        if (buckets.isEmpty()) {
            return Sql.derived(side.query()) + " WHERE 1 = 0";
        }
        List<String> list = new ArrayList<>(buckets.stream().map(String::valueOf).toList());
        return Sql.derived(side.query()) + " WHERE " + RowEncoding.sqlBucket(flavour,
                RowEncoding.sqlRowText(flavour, side.key()), bucketCount) + " IN (" + list.stream().collect(Collectors.joining(", ")) + ")";
    }

    private static String strip(String query) {
        String trimmed = query.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }
}
