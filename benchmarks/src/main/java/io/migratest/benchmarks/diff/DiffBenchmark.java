package io.migratest.benchmarks.diff;

import io.migratest.compare.DataDiff;
import io.migratest.compare.DiffReport;
import io.migratest.compare.Snapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The streaming data diff against its floor, a plain JDBC read of both sides with nothing done to
 * the rows: N source rows against N migrated rows of 8 columns with 5 planted differences that
 * must all be found. Runs against the machine's PostgreSQL (127.0.0.1:5432, postgres), MariaDB
 * (127.0.0.1:3306, root) and MySQL (127.0.0.1:3307, root; -Dbench.mysql.url) servers; run it with
 * {@code -Xmx256m} to show that memory stays flat.
 *
 * <p>Side by side, the peers a user would pick instead ({@link PeerDiffs}: DBUnit and AssertJ-DB). They
 * hold whole tables in memory and AssertJ-DB matches keys by scanning, so they run on a ladder of sizes
 * (1,000, 10,000, … up to the row count) until one runs out of heap or the next size is predicted,
 * from how time grew so far, to take longer than the peer budget (seconds, default 120).
 *
 * <pre>
 * java -Xmx256m -cp … io.migratest.benchmarks.diff.DiffBenchmark [rows] [postgres,mariadb,mysql] [peer budget s]
 * </pre>
 */
public final class DiffBenchmark {

    private static final String DATABASE = "migratest_bench_diff";
    private static final int PLANTED = 5;

    private DiffBenchmark() {
    }

    public static void main(String[] arguments) throws Exception {
        // DBUnit warns on every dataset that its MySQL type factory was not written for "MariaDB"; it works.
        System.setProperty("org.slf4j.simpleLogger.log.org.dbunit.dataset.AbstractTableMetaData", "error");
        // benchmarks/run.sh hands all arguments over as one word list.
        String[] args = String.join(" ", arguments).trim().isEmpty() ? new String[0]
                : String.join(" ", arguments).trim().split("\\s+");
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<String> engines = List.of((args.length > 1 ? args[1] : "postgres,mariadb").split(","));
        long budgetMillis = (args.length > 2 ? Long.parseLong(args[2]) : 120) * 1000;
        System.out.printf("Diff benchmark: %,d vs %,d rows, 8 columns, %d planted differences, max heap %d MB;"
                + " peers up to a predicted %d s per size%n%n", rows, rows, PLANTED, Runtime.getRuntime().maxMemory() >> 20,
                budgetMillis / 1000);
        System.out.println("| engine | tool | rows (each side) | wall time | rows/s (both sides) | peak heap | differences found |");
        System.out.println("|---|---|---|---|---|---|---|");
        List<String> failures = new ArrayList<>();
        for (String engine : engines) {
            run(engine.strip(), rows, budgetMillis, failures);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("planted differences not found:\n" + String.join("\n", failures));
        }
    }

    private static void run(String engine, int rows, long budgetMillis, List<String> failures) throws Exception {
        boolean pg = engine.equals("postgres");
        String base = switch (engine) {
            case "postgres" -> "jdbc:postgresql://127.0.0.1:5432/";
            case "mariadb" -> "jdbc:mariadb://127.0.0.1:3306/";
            case "mysql" -> System.getProperty("bench.mysql.url", "jdbc:mysql://127.0.0.1:3307/");
            default -> throw new IllegalArgumentException("unknown engine " + engine + " => postgres, mariadb or mysql");
        };
        // Connector/J sends a batch row by row unless told to rewrite it into multi-row inserts
        String options = engine.equals("mysql") ? "?rewriteBatchedStatements=true" : "";
        String server = pg ? base + "postgres" : base;
        String user = pg ? "postgres" : "root";
        try (Connection admin = DriverManager.getConnection(server, user, ""); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE + (pg ? "" : " CHARACTER SET utf8mb4"));
        }
        String url = base + DATABASE + options;
        Jdbi jdbi = Jdbi.create(url, user, "");
        try {
            long fill = time(() -> {
                fill(jdbi, pg, rows, "src", "dst");
                return null;
            });
            Measured snapshot = measure(() -> Snapshot.inDatabase(jdbi, "SELECT * FROM src"));
            plant(jdbi, rows, "src", "dst");
            print(engine, "fill source and copy (setup)", rows, fill, 0, 0, "");
            print(engine, "Snapshot.inDatabase (side table copy)", rows, snapshot.millis, rows, snapshot.peakHeap, "");
            Measured plain = measure(() -> {
                plainRead(url, user, pg, "SELECT * FROM " + ((Snapshot) snapshot.result).sideTable().orElseThrow());
                plainRead(url, user, pg, "SELECT * FROM dst");
                return null;
            });
            print(engine, "plain JDBC read of both sides (floor)", rows, plain.millis, 2L * rows, plain.peakHeap, "");
            Measured diff = measure(() -> DataDiff.of((Snapshot) snapshot.result).against(jdbi, "SELECT * FROM dst")
                    .matchingOn("id").named("benchmark-" + engine).streaming().run());
            DiffReport report = (DiffReport) diff.result;
            print(engine, "DataDiff streaming merge", rows, diff.millis, 2L * rows, diff.peakHeap,
                    String.format("%d (%d changed, %d missing, %d unexpected); %.2f× the floor", report.differenceCount(),
                            report.changed(), report.missing(), report.unexpected(), (double) diff.millis / Math.max(1, plain.millis)));
            if (report.differenceCount() != PLANTED) {
                failures.add(engine + " DataDiff: expected " + PLANTED + " differences, found:\n" + report.describe(10));
            }
            Snapshot before = (Snapshot) snapshot.result;
            compare(engine, jdbi, before, "dst", DataDiff.Mode.AUTO, "5 planted", rows, plain.millis, report, failures);
            compare(engine, jdbi, before, "dst", DataDiff.Mode.IN_DATABASE, "5 planted", rows, plain.millis, report, failures);
            jdbi.useHandle(h -> h.execute("CREATE TABLE same AS SELECT * FROM src"));
            compare(engine, jdbi, before, "same", DataDiff.Mode.IN_DATABASE, "identical tables, source key declared", rows,
                    plain.millis, null, failures);
            // no table declares the key: the source's keys are counted as well
            Snapshot undeclared = Snapshot.inDatabase(jdbi, "SELECT * FROM same");
            compare(engine, jdbi, undeclared, "same", DataDiff.Mode.IN_DATABASE, "identical tables, no key declared",
                    rows, plain.millis, null, failures);
            jdbi.useHandle(h -> {
                h.execute("DROP TABLE IF EXISTS dst");  // room for the peers' tables
                h.execute("DROP TABLE IF EXISTS same");
            });
            Map<Integer, Long> dataDiffMillis = new HashMap<>();
            ladder(engine, "DataDiff default mode (AUTO; snapshot of psrc taken before)", rows, budgetMillis, 1, failures, n -> {
                peerTables(jdbi, pg, n);
                Snapshot peerSource = Snapshot.inDatabase(jdbi, "SELECT * FROM psrc");
                plant(jdbi, n, "psrc", "pdst");
                Measured m = measure(() -> DataDiff.of(peerSource).against(jdbi, "SELECT * FROM pdst").matchingOn("id")
                        .named("benchmark-peers-" + engine).run());
                DiffReport r = (DiffReport) m.result;
                dataDiffMillis.put(n, m.millis);
                return new PeerDiffs.Outcome(m, String.valueOf(r.differenceCount()), r.differenceCount() == PLANTED);
            });
            ladder(engine, "DBUnit 2.8.0 Assertion.assertEquals (sorted datasets)", rows, budgetMillis, 1, failures, n -> {
                peerTables(jdbi, pg, n);
                plant(jdbi, n, "psrc", "pdst");
                PeerDiffs.Outcome outcome = PeerDiffs.dbunit(url, user, pg, n);
                Long ours = dataDiffMillis.get(n);
                return ours == null ? outcome : new PeerDiffs.Outcome(outcome.measured(), String.format("%s; DataDiff %.1f× faster",
                        outcome.found(), (double) outcome.measured().millis() / Math.max(1, ours)), outcome.detected());
            });
            // Changes finds each start-point row's key by scanning the end-point rows (getRowFromPksValues): quadratic.
            ladder(engine, "AssertJ-DB 3.0.0 Changes (start/end point)", rows, budgetMillis, 2, failures, n -> {
                peerTables(jdbi, pg, n);
                return PeerDiffs.assertjDb(url, user, () -> plant(jdbi, n, "psrc", "pdst"));
            });
        } finally {
            try (Connection admin = DriverManager.getConnection(server, user, ""); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            }
        }
    }

    /**
     * DataDiff in {@code mode} against {@code table}; its report must equal {@code expected} (the
     * streaming merge's) when given, else show no difference.
     */
    private static void compare(String engine, Jdbi jdbi, Snapshot before, String table, DataDiff.Mode mode, String what,
                                int rows, long floorMillis, DiffReport expected, List<String> failures) throws Exception {
        Measured run = measure(() -> DataDiff.of(before).against(jdbi, "SELECT * FROM " + table).matchingOn("id")
                .named("benchmark-" + table + "-" + engine).mode(mode).run());
        DiffReport report = (DiffReport) run.result;
        String tool = "DataDiff " + (mode == DataDiff.Mode.AUTO ? "default mode (AUTO)" : "inDatabase()") + ": " + what;
        print(engine, tool, rows, run.millis, 2L * rows, run.peakHeap,
                String.format("%d; %.2f× the floor", report.differenceCount(), (double) run.millis / Math.max(1, floorMillis)));
        boolean right = expected == null ? !report.hasDifferences()
                : report.differences().equals(expected.differences()) && report.equal() == expected.equal();
        if (!right) {
            failures.add(engine + " " + tool + " reported otherwise:\n" + report.describe(10));
        }
    }

    @FunctionalInterface
    private interface PeerRun {
        PeerDiffs.Outcome run(int rows) throws Exception;
    }

    /**
     * Runs a peer at 1,000, 10,000, … rows up to {@code rows}, stopping when it runs out of heap or when
     * the next size is predicted to take longer than the budget: time grows as rows to the power seen
     * between the last two sizes, and at least to {@code minGrowth} (what the peer's algorithm is known to
     * be; the small sizes are too noisy to show it).
     */
    private static void ladder(String engine, String tool, int rows, long budgetMillis, double minGrowth, List<String> failures,
            PeerRun peer)
            throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (int n = 1_000; n < rows; n *= 10) {
            sizes.add(n);
        }
        sizes.add(rows);
        long previousRows = 0;
        long previousMillis = 0;
        for (int n : sizes) {
            PeerDiffs.Outcome outcome;
            try {
                outcome = peer.run(n);
            } catch (OutOfMemoryError | Exception e) {
                // pgjdbc reports running out of heap while fetching as an SQLException caused by the error.
                if (!ranOutOfMemory(e)) {
                    throw e;
                }
                System.gc();
                print(engine, tool, n, 0, 0, 0, "OutOfMemoryError under -Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m");
                return;
            }
            Measured m = outcome.measured();
            print(engine, tool, n, m.millis, 2L * n, m.peakHeap, outcome.found() + (outcome.detected() ? "" : "; PLANTED NOT ALL FOUND"));
            if (!outcome.detected()) {
                failures.add(engine + " " + tool + " at " + n + " rows: " + outcome.found());
            }
            int next = sizes.indexOf(n) + 1;
            if (next < sizes.size()) {
                double growth = previousRows == 0 || previousMillis < 50 ? minGrowth
                        : Math.max(minGrowth, Math.log((double) m.millis / previousMillis) / Math.log((double) n / previousRows));
                double predicted = m.millis * Math.pow((double) sizes.get(next) / n, growth);
                if (predicted > budgetMillis) {
                    print(engine, tool, sizes.get(next), 0, 0, 0, String.format(
                            "not run: predicted %,.0f s (time grew as rows^%.1f), over the %d s budget",
                            predicted / 1000, growth, budgetMillis / 1000));
                    return;
                }
            }
            previousRows = n;
            previousMillis = m.millis;
        }
    }

    private static boolean ranOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError || String.valueOf(t.getMessage()).contains("Ran out of memory")) {
                return true;
            }
        }
        return false;
    }

    /** Fresh {@code psrc} and {@code pdst} of {@code rows} rows, keyed, for the peers (which look keys up). */
    private static void peerTables(Jdbi jdbi, boolean pg, int rows) {
        jdbi.useHandle(h -> {
            h.execute("DROP TABLE IF EXISTS psrc");
            h.execute("DROP TABLE IF EXISTS pdst");
        });
        fill(jdbi, pg, rows, "psrc", "pdst");
        jdbi.useHandle(h -> h.execute("ALTER TABLE pdst ADD PRIMARY KEY (id)"));
    }

    private static void fill(Jdbi jdbi, boolean pg, int rows, String src, String dst) {
        jdbi.useHandle(h -> {
            String ts = pg ? "TIMESTAMP" : "DATETIME";
            h.execute("CREATE TABLE " + src + " (id BIGINT PRIMARY KEY, name VARCHAR(40), qty INTEGER, price DECIMAL(12,2),"
                    + " updated " + ts + ", active BOOLEAN, email VARCHAR(60), score BIGINT)");
            // MariaDB's sequence engine has seq_1_to_N; MySQL has none: a recursive CTE, allowed that deep
            boolean mysql = isMySql(h.getConnection());
            if (mysql) {
                h.execute("SET SESSION cte_max_recursion_depth = " + (rows + 1));
            }
            String series = pg ? "generate_series(1, " + rows + ") AS g(seq)" : mysql ? "seqs" : "seq_1_to_" + rows;
            String with = mysql ? "WITH RECURSIVE seqs (seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM seqs WHERE seq < "
                    + rows + ") " : "";
            String concat = pg ? "'name-' || seq" : "CONCAT('name-', seq)";
            String email = pg ? "'user' || seq || '@example.org'" : "CONCAT('user', seq, '@example.org')";
            String updated = pg ? "TIMESTAMP '2024-01-01 00:00:00' + seq * INTERVAL '1 second'"
                    : "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND";
            h.execute("INSERT INTO " + src + " " + with + "SELECT seq, " + concat + ", MOD(seq, 1000), seq / 100.0, " + updated + ", MOD(seq, 2) = 0, "
                    + email + ", seq * 7 FROM " + series);
            h.execute("CREATE TABLE " + dst + " AS SELECT * FROM " + src);
        });
    }

    private static boolean isMySql(Connection connection) {
        try {
            return connection.getMetaData().getURL().startsWith("jdbc:mysql:");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void plant(Jdbi jdbi, int rows, String src, String dst) {
        jdbi.useHandle(h -> {
            h.execute("UPDATE " + dst + " SET name = 'changed' WHERE id = " + rows / 1000);  // ids apart for any rows >= 1000
            h.execute("UPDATE " + dst + " SET price = price + 0.01 WHERE id = " + rows / 200);
            h.execute("UPDATE " + dst + " SET email = NULL WHERE id = " + rows * 7 / 9);
            h.execute("DELETE FROM " + dst + " WHERE id = " + rows / 8);
            h.execute("INSERT INTO " + dst + " SELECT id + 10000000, name, qty, price, updated, active, email, score FROM "
                    + src + " WHERE id = 1");
        });
    }

    private static void plainRead(String url, String user, boolean pg, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            connection.setAutoCommit(!pg);
            try (Statement statement = connection.createStatement()) {
                // MySQL Connector/J ignores a positive fetch size and buffers the whole result: it streams with MIN_VALUE
                statement.setFetchSize(url.startsWith("jdbc:mysql:") ? Integer.MIN_VALUE : 2_000);
                try (ResultSet rs = statement.executeQuery(sql)) {
                    int columns = rs.getMetaData().getColumnCount();
                    long sink = 0;
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            sink += rs.getObject(i) == null ? 0 : 1;
                        }
                    }
                    if (sink < 0) {
                        System.out.println(sink);
                    }
                }
            }
        }
    }

    @FunctionalInterface
    interface Work {
        Object run() throws Exception;
    }

    record Measured(long millis, long peakHeap, Object result) {
    }

    static Measured measure(Work work) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        Object result = work.run();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        return new Measured(millis, peak, result);
    }

    private static long time(Work work) throws Exception {
        return measure(work).millis;
    }

    private static void print(String engine, String tool, int rows, long millis, long bothSides, long peakHeap, String found) {
        System.out.printf("| %s | %s | %,d | %s | %s | %s | %s |%n", engine, tool, rows,
                millis == 0 && bothSides == 0 && found.length() > 0 ? "" : String.format("%,d ms", millis),
                bothSides == 0 ? "" : String.format("%,d", bothSides * 1000 / Math.max(1, millis)),
                peakHeap == 0 ? "" : (peakHeap >> 20) + " MB", found);
    }
}
