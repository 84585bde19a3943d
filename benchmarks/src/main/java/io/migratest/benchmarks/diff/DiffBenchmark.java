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
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The streaming data diff against its floor, a plain JDBC read of both sides with nothing done to
 * the rows: N source rows against N migrated rows of 8 columns with 5 planted differences that
 * must all be found. Runs against the machine's PostgreSQL (127.0.0.1:5432, postgres) and MariaDB
 * (127.0.0.1:3306, root) services; run it with {@code -Xmx256m} to show that memory stays flat.
 *
 * <pre>
 * java -Xmx256m -cp … io.migratest.benchmarks.diff.DiffBenchmark [rows] [postgres,mariadb]
 * </pre>
 */
public final class DiffBenchmark {

    private static final String DATABASE = "migratest_bench_diff";
    private static final int PLANTED = 5;

    private DiffBenchmark() {
    }

    public static void main(String[] arguments) throws Exception {
        // benchmarks/run.sh hands all arguments over as one word list.
        String[] args = String.join(" ", arguments).trim().isEmpty() ? new String[0]
                : String.join(" ", arguments).trim().split("\\s+");
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<String> engines = List.of((args.length > 1 ? args[1] : "postgres,mariadb").split(","));
        System.out.printf("Diff benchmark: %,d vs %,d rows, 8 columns, %d planted differences, max heap %d MB%n%n",
                rows, rows, PLANTED, Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| engine | what | wall time | rows/s (both sides) | peak heap |");
        System.out.println("|---|---|---|---|---|");
        for (String engine : engines) {
            run(engine.strip(), rows);
        }
    }

    private static void run(String engine, int rows) throws Exception {
        boolean pg = engine.equals("postgres");
        String server = pg ? "jdbc:postgresql://127.0.0.1:5432/postgres" : "jdbc:mariadb://127.0.0.1:3306/";
        String user = pg ? "postgres" : "root";
        try (Connection admin = DriverManager.getConnection(server, user, ""); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE + (pg ? "" : " CHARACTER SET utf8mb4"));
        }
        String url = pg ? "jdbc:postgresql://127.0.0.1:5432/" + DATABASE : "jdbc:mariadb://127.0.0.1:3306/" + DATABASE;
        Jdbi jdbi = Jdbi.create(url, user, "");
        try {
            long fill = time(() -> {
                fill(jdbi, pg, rows);
                return null;
            });
            Measured snapshot = measure(() -> Snapshot.inDatabase(jdbi, "SELECT * FROM src"));
            plant(jdbi, rows);
            print(engine, "fill source and copy (setup)", fill, 0, 0);
            print(engine, "Snapshot.inDatabase (side table copy)", snapshot.millis, rows, snapshot.peakHeap);
            Measured plain = measure(() -> {
                plainRead(url, user, pg, "SELECT * FROM " + ((Snapshot) snapshot.result).sideTable().orElseThrow());
                plainRead(url, user, pg, "SELECT * FROM dst");
                return null;
            });
            print(engine, "plain JDBC read of both sides (floor)", plain.millis, 2L * rows, plain.peakHeap);
            Measured diff = measure(() -> DataDiff.of((Snapshot) snapshot.result).against(jdbi, "SELECT * FROM dst")
                    .matchingOn("id").named("benchmark-" + engine).streaming().run());
            DiffReport report = (DiffReport) diff.result;
            print(engine, "DataDiff streaming merge", diff.millis, 2L * rows, diff.peakHeap);
            System.out.printf("|  | found %d differences (%d changed, %d missing, %d unexpected); ratio to floor %.2f× | | | |%n",
                    report.differenceCount(), report.changed(), report.missing(), report.unexpected(),
                    (double) diff.millis / Math.max(1, plain.millis));
            if (report.differenceCount() != PLANTED) {
                throw new IllegalStateException("expected " + PLANTED + " differences, found:\n" + report.describe(10));
            }
            Measured inDatabase = measure(() -> DataDiff.of((Snapshot) snapshot.result).against(jdbi, "SELECT * FROM dst")
                    .matchingOn("id").named("benchmark-indb-" + engine).inDatabase().run());
            DiffReport inDatabaseReport = (DiffReport) inDatabase.result;
            print(engine, "DataDiff in database, 5 planted differences", inDatabase.millis, 2L * rows, inDatabase.peakHeap);
            if (!inDatabaseReport.differences().equals(report.differences()) || inDatabaseReport.equal() != report.equal()) {
                throw new IllegalStateException("the in-database mode reported otherwise:\n" + inDatabaseReport.describe(10));
            }
            Measured identical = measure(() -> DataDiff.of((Snapshot) snapshot.result).against(jdbi, "SELECT * FROM same")
                    .matchingOn("id").named("benchmark-same-" + engine).inDatabase().run());
            print(engine, "DataDiff in database, identical tables", identical.millis, 2L * rows, identical.peakHeap);
            System.out.printf("|  | identical: %d equal, %d differences; ratio to floor %.2f× | | | |%n",
                    ((DiffReport) identical.result).equal(), ((DiffReport) identical.result).differenceCount(),
                    (double) identical.millis / Math.max(1, plain.millis));
            if (((DiffReport) identical.result).hasDifferences()) {
                throw new IllegalStateException("identical tables differ:\n" + ((DiffReport) identical.result).describe(10));
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(server, user, ""); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            }
        }
    }

    private static void fill(Jdbi jdbi, boolean pg, int rows) {
        jdbi.useHandle(h -> {
            String ts = pg ? "TIMESTAMP" : "DATETIME";
            h.execute("CREATE TABLE src (id BIGINT PRIMARY KEY, name VARCHAR(40), qty INTEGER, price DECIMAL(12,2),"
                    + " updated " + ts + ", active BOOLEAN, email VARCHAR(60), score BIGINT)");
            String series = pg ? "generate_series(1, " + rows + ") AS g(seq)" : "seq_1_to_" + rows;
            String concat = pg ? "'name-' || seq" : "CONCAT('name-', seq)";
            String email = pg ? "'user' || seq || '@example.org'" : "CONCAT('user', seq, '@example.org')";
            String updated = pg ? "TIMESTAMP '2024-01-01 00:00:00' + seq * INTERVAL '1 second'"
                    : "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND";
            h.execute("INSERT INTO src SELECT seq, " + concat + ", MOD(seq, 1000), seq / 100.0, " + updated + ", MOD(seq, 2) = 0, "
                    + email + ", seq * 7 FROM " + series);
            h.execute("CREATE TABLE dst AS SELECT * FROM src");
            h.execute("CREATE TABLE same AS SELECT * FROM src");
        });
    }

    private static void plant(Jdbi jdbi, int rows) {
        jdbi.useHandle(h -> {
            h.execute("UPDATE dst SET name = 'changed' WHERE id = " + rows / 1000);  // ids apart for any rows >= 2000
            h.execute("UPDATE dst SET price = price + 0.01 WHERE id = " + rows / 200);
            h.execute("UPDATE dst SET email = NULL WHERE id = " + rows * 7 / 9);
            h.execute("DELETE FROM dst WHERE id = " + rows / 8);
            h.execute("INSERT INTO dst SELECT id + 10000000, name, qty, price, updated, active, email, score FROM src WHERE id = 1");
        });
    }

    private static void plainRead(String url, String user, boolean pg, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            connection.setAutoCommit(!pg);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(2_000);
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
    private interface Work {
        Object run() throws Exception;
    }

    private record Measured(long millis, long peakHeap, Object result) {
    }

    private static Measured measure(Work work) throws Exception {
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

    private static void print(String engine, String what, long millis, long rows, long peakHeap) {
        System.out.printf("| %s | %s | %,d ms | %s | %s |%n", engine, what, millis,
                rows == 0 ? "" : String.format("%,d", rows * 1000 / Math.max(1, millis)),
                peakHeap == 0 ? "" : (peakHeap >> 20) + " MB");
    }
}
