package io.migratest.benchmarks;

import io.migratest.check.Schema;
import io.migratest.check.internal.RowGenerator;
import io.migratest.compare.Row;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.ManagedServer;
import io.migratest.db.internal.MySqlDialect;
import io.migratest.db.internal.ServerProvider;
import io.migratest.db.internal.PostgresDialect;
import io.migratest.db.internal.SimpleDataSource;
import io.migratest.fixture.Fixtures;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.dbunit.database.DatabaseConfig;
import org.dbunit.database.DatabaseConnection;
import org.dbunit.database.IDatabaseConnection;
import org.dbunit.dataset.Column;
import org.dbunit.dataset.DefaultDataSet;
import org.dbunit.dataset.DefaultTable;
import org.dbunit.dataset.datatype.DataType;
import org.dbunit.ext.mysql.MySqlDataTypeFactory;
import org.dbunit.ext.mysql.MySqlMetadataHandler;
import org.dbunit.ext.postgresql.PostgresqlDataTypeFactory;
import org.dbunit.operation.DatabaseOperation;

/**
 * Loads the same generated rows into a 6-column table three ways, in one run, on the machine's
 * PostgreSQL 15 (127.0.0.1:5432, postgres), MariaDB (127.0.0.1:3306, root) and MySQL (127.0.0.1:3307,
 * root; -Dbench.mysql.url; its native load through the mariadb client too): Migratest's
 * {@code Fixtures.generate}, the database's own bulk loader from a file ({@code psql \copy},
 * {@code mariadb} {@code LOAD DATA LOCAL INFILE}), and DBUnit's INSERT operation (given as much
 * time as Fixtures took, in slices, since it is far slower), and the checks' own row generator
 * ({@code RowGenerator.seed}: bounded values, boundary and NULL rows first) into the same table.
 * On MySQL the generator runs twice: with {@code local_infile} as the server had it (off by
 * default: multi-row INSERTs) and with it on, which the native loader needs (LOAD DATA LOCAL from
 * memory); the server's setting is put back at the end. Prints rows/s, ratios and which path ran.
 *
 * <p>Arguments (optional): the engines ({@code postgres,mariadb,mysql}, the default), then
 * {@code nodbunit} to leave DBUnit out.
 *
 * <p>Run: {@code mvn -q -Pbenchmarks -pl benchmarks -am verify -DskipTests [-Dbenchmark.rows=N]}
 */
public final class FixtureLoadBenchmark {

    private static final LocalDateTime BASE = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final int DBUNIT_SLICE = 10_000;
    private static final String MYSQL_URL = System.getProperty("bench.mysql.url", "jdbc:mysql://127.0.0.1:3307/");

    private FixtureLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("benchmark.rows", 1_000_000);
        List<String> words = List.of(String.join(" ", args).trim().split("\\s+"));
        List<String> engines = List.of((words.get(0).isEmpty() ? "postgres,mariadb,mysql" : words.get(0)).split(","));
        boolean withDbunit = !words.contains("nodbunit");
        List<String> report = new ArrayList<>();
        for (Engine engine : List.of(Engine.POSTGRES, Engine.MARIADB, Engine.MYSQL)) {
            if (engines.contains(engine.name().toLowerCase(Locale.ROOT))) {
                report.addAll(run(engine, rows, withDbunit));
            }
        }
        System.out.println();
        System.out.println("rows=" + rows + ", java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        report.forEach(System.out::println);
    }

    private static Row row(long i) {
        return Row.of("id", i + 1, "name", "User " + i, "email", "user" + i + "@example.org",
                "amount", BigDecimal.valueOf(i % 100_000, 2), "created_at", BASE.plusSeconds(i), "active", i % 3 != 0);
    }

    private static List<String> run(Engine engine, int rows, boolean withDbunit) throws Exception {
        boolean pg = engine == Engine.POSTGRES;
        try (ManagedServer server = server(engine); TestDatabase database = server.createDatabase()) {
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE bench (id BIGINT PRIMARY KEY, name VARCHAR(100),"
                    + " email VARCHAR(200), amount DECIMAL(12,2), created_at " + (pg ? "TIMESTAMP" : "DATETIME")
                    + ", active BOOLEAN)"));
            String localInfile = pg ? null : localInfile(database);
            Path file = Files.createTempFile("migratest-bench-", ".csv");
            try {
                return measure(database, file, rows, localInfile, withDbunit);
            } finally {
                Files.deleteIfExists(file);
                if (engine == Engine.MYSQL && !localInfile(database).equals(localInfile)) {
                    // the server's own setting back, whatever happened
                    database.jdbi().useHandle(h -> h.execute("SET GLOBAL local_infile = " + localInfile));
                }
            }
        }
    }

    private static List<String> measure(TestDatabase database, Path file, int rows, String localInfile,
            boolean withDbunit) throws Exception {
        Engine engine = database.engine();
        boolean pg = engine == Engine.POSTGRES;
        writeFile(file, rows, pg);
        // Warm-up for the JIT, so the timed runs are not the first.
        Fixtures.into(database).generate("bench", Math.min(rows, 200_000), FixtureLoadBenchmark::row);
        truncate(database);
        generator(database, Math.min(rows, 200_000));
        truncate(database);

        // the generator with the server as it was (MySQL: local_infile off by default)
        double generatorAsFound = Double.MAX_VALUE;
        if (engine == Engine.MYSQL && localInfile.equals("0")) {
            for (int round = 0; round < 2; round++) {
                generatorAsFound = Math.min(generatorAsFound, time(() -> generator(database, rows)));
                check(database, rows);
                truncate(database);
            }
        }
        double nativeBest = Double.MAX_VALUE;
        double fixturesBest = Double.MAX_VALUE;
        double generatorBest = Double.MAX_VALUE;
        for (int round = 0; round < 2; round++) {
            nativeBest = Math.min(nativeBest, time(() -> nativeLoad(database, file)));
            check(database, rows);
            truncate(database);
            fixturesBest = Math.min(fixturesBest, time(() ->
                    Fixtures.into(database).generate("bench", rows, FixtureLoadBenchmark::row)));
            check(database, rows);
            truncate(database);
            generatorBest = Math.min(generatorBest, time(() -> generator(database, rows)));
            check(database, rows);
            truncate(database);
        }
        String infileAfter = pg ? null : localInfile(database);
        long[] dbunit = withDbunit ? dbunit(database, rows, fixturesBest) : new long[] {0, 1};

        double nativeRate = rows / nativeBest;
        double fixturesRate = rows / fixturesBest;
        double dbunitRate = dbunit[0] / (dbunit[1] / 1e9);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-8s native %s: %,10.0f rows/s (%.2f s) | Fixtures.generate:"
                + " %,10.0f rows/s (%.2f s) | %s | Fixtures/native %.2fx%s",
                engine, pg ? "psql \\copy" : "LOAD DATA LOCAL INFILE", nativeRate, nativeBest, fixturesRate,
                fixturesBest, withDbunit ? String.format(Locale.ROOT, "DBUnit INSERT: %,8.0f rows/s (%,d rows in %.2f s)",
                        dbunitRate, dbunit[0], dbunit[1] / 1e9) : "DBUnit not run", fixturesRate / nativeRate,
                withDbunit ? String.format(Locale.ROOT, ", Fixtures/DBUnit %.1fx", fixturesRate / dbunitRate) : ""));
        lines.add(String.format(Locale.ROOT, "%-8s checks' generator (%s): %,10.0f rows/s (%.2f s),"
                + " %.2fx the native loader's time", engine, pg ? "COPY" : "local_infile=" + infileAfter,
                rows / generatorBest, generatorBest, generatorBest / nativeBest));
        if (generatorAsFound < Double.MAX_VALUE) {
            lines.add(String.format(Locale.ROOT, "%-8s checks' generator (local_infile=%s as found):"
                    + " %,10.0f rows/s (%.2f s), %.2fx the native loader's time", engine, localInfile,
                    rows / generatorAsFound, generatorAsFound, generatorAsFound / nativeBest));
        }
        return lines;
    }

    /** The checks' generator filling the bench table, as data survives and the lock rehearsal seed it. */
    private static void generator(TestDatabase database, int rows) throws Exception {
        Schema all = Schema.read(database);
        Schema bench = new Schema(all.engine(), List.of(all.table("bench").orElseThrow()), all.types());
        try (Connection connection = database.dataSource().getConnection()) {
            RowGenerator.Seeded seeded = new RowGenerator(database.engine(), new AtomicLong()).seed(connection, bench, rows);
            if (!seeded.complete()) {
                throw new IllegalStateException("the generator fell short: " + seeded.notes());
            }
        }
    }

    private static String localInfile(TestDatabase database) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT @@local_infile").mapTo(String.class).one());
    }

    private static ManagedServer server(Engine engine) {
        if (engine == Engine.POSTGRES) {
            String base = "jdbc:postgresql://127.0.0.1:5432/";
            return new ManagedServer(engine, "server", new PostgresDialect(),
                    new SimpleDataSource(base + "postgres", "postgres", ""), name -> base + name, "postgres", "", () -> { });
        }
        if (engine == Engine.MYSQL) {
            // real MySQL through the server provider (Connector/J with its batch options)
            return (ManagedServer) new ServerProvider().start(engine, Settings.of("migratest.mysql.url", MYSQL_URL));
        }
        String base = "jdbc:mariadb://127.0.0.1:3306/";
        return new ManagedServer(engine, "server", new MySqlDialect(), new SimpleDataSource(base, "root", ""),
                name -> base + name, "root", "", () -> { });
    }

    /** The same rows as {@link #row}, in the text each engine's loader reads. */
    private static void writeFile(Path file, int rows, boolean pg) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long i = 0; i < rows; i++) {
                out.write(Long.toString(i + 1));
                out.write(",User " + i + ",user" + i + "@example.org,");
                out.write(BigDecimal.valueOf(i % 100_000, 2).toPlainString());
                out.write(',');
                out.write(SQL_TIME.format(BASE.plusSeconds(i)));
                out.write(',');
                out.write(i % 3 != 0 ? (pg ? "t" : "1") : (pg ? "f" : "0"));
                out.write('\n');
            }
        }
    }

    private static void nativeLoad(TestDatabase database, Path file) throws Exception {
        if (database.engine() == Engine.MYSQL) {
            // MySQL refuses LOAD DATA LOCAL unless the server allows it (off by default since 8.0)
            database.jdbi().useHandle(h -> h.execute("SET GLOBAL local_infile = 1"));
        }
        String port = database.engine() == Engine.MYSQL ? Integer.toString(URI.create(MYSQL_URL.substring(5)).getPort()) : "3306";
        List<String> command = database.engine() == Engine.POSTGRES
                ? List.of("psql", "-X", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", database.name(), "-c",
                        "\\copy bench FROM '" + file + "' WITH (FORMAT csv)")
                : List.of("mariadb", "--local-infile=1", "-h", "127.0.0.1", "-P", port, "-u", "root", database.name(), "-e",
                        "LOAD DATA LOCAL INFILE '" + file + "' INTO TABLE bench FIELDS TERMINATED BY ','"
                                + " LINES TERMINATED BY '\\n'");
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command + " failed with exit code " + process.exitValue());
        }
    }

    /** DBUnit's INSERT in slices until it has had as long as Fixtures took; returns rows and nanoseconds. */
    private static long[] dbunit(TestDatabase database, int rows, double budgetSeconds) throws Exception {
        boolean pg = database.engine() == Engine.POSTGRES;
        Column[] columns = {new Column("id", DataType.BIGINT), new Column("name", DataType.VARCHAR),
            new Column("email", DataType.VARCHAR), new Column("amount", DataType.DECIMAL),
            new Column("created_at", DataType.TIMESTAMP), new Column("active", DataType.BOOLEAN)};
        long loaded = 0;
        long nanos = 0;
        try (Connection jdbc = database.dataSource().getConnection()) {
            // the schema (MySQL: the database) named, so that tables of other databases on the server cannot be taken
            IDatabaseConnection connection = new DatabaseConnection(jdbc, pg ? "public" : database.name());
            DatabaseConfig config = connection.getConfig();
            if (pg) {
                config.setProperty(DatabaseConfig.PROPERTY_DATATYPE_FACTORY, new PostgresqlDataTypeFactory());
            } else {
                config.setProperty(DatabaseConfig.PROPERTY_DATATYPE_FACTORY, new MySqlDataTypeFactory());
                config.setProperty(DatabaseConfig.PROPERTY_METADATA_HANDLER, new MySqlMetadataHandler());
            }
            while (loaded < rows && nanos < budgetSeconds * 1e9) {
                DefaultTable table = new DefaultTable("bench", columns);
                for (long i = loaded; i < Math.min(rows, loaded + DBUNIT_SLICE); i++) {
                    Row r = row(i);
                    table.addRow(new Object[] {r.get("id"), r.get("name"), r.get("email"), r.get("amount"),
                        Timestamp.valueOf((LocalDateTime) r.get("created_at")), active(database.engine(), r.get("active"))});
                }
                long start = System.nanoTime();
                DatabaseOperation.INSERT.execute(connection, new DefaultDataSet(table));
                nanos += System.nanoTime() - start;
                loaded += table.getRowCount();
            }
        }
        return new long[] {loaded, nanos};
    }

    // Connector/J describes MySQL's BOOLEAN (TINYINT(1)) as TINYINT, which DBUnit will not cast a Boolean to.
    private static Object active(Engine engine, Object value) {
        return engine == Engine.MYSQL ? (Boolean.TRUE.equals(value) ? 1 : 0) : value;
    }

    private interface Load {
        void run() throws Exception;
    }

    private static double time(Load load) throws Exception {
        long start = System.nanoTime();
        load.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void truncate(TestDatabase database) {
        database.jdbi().useHandle(h -> h.execute("TRUNCATE TABLE bench"));
    }

    private static void check(TestDatabase database, int rows) {
        long count = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM bench").mapTo(Long.class).one());
        if (count != rows) {
            throw new IllegalStateException("expected " + rows + " rows in bench, found " + count);
        }
    }
}
