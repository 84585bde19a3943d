package io.migratest.benchmarks.isolation;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.db.Settings;
import io.migratest.db.internal.EmbeddedPostgresProvider;
import io.migratest.db.internal.ManagedServer;
import io.migratest.db.internal.MySqlDialect;
import io.migratest.db.internal.ServerProvider;
import io.migratest.db.internal.PostgresDialect;
import io.migratest.db.internal.SimpleDataSource;
import io.migratest.migrate.Migrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * What it costs to give one test a freshly migrated database, for histories of several lengths:
 * <ul>
 *   <li>{@code clone}: Migratest's way, a copy of a database migrated once;</li>
 *   <li>{@code create+migrate}: a new database on which every migration runs;</li>
 *   <li>{@code clean+migrate}: Flyway's own test-helper way, one database cleaned and migrated again.</li>
 * </ul>
 * Runs against embedded PostgreSQL (what a new user gets; or a server given by
 * -Dbench.postgres.url=jdbc:postgresql://127.0.0.1:5432/) and the machine's MariaDB
 * (127.0.0.1:3306, root; -Dbench.mariadb.url) and MySQL server (127.0.0.1:3307, root; -Dbench.mysql.url).
 *
 * <p>Arguments: history lengths (comma-separated, default {@code 10,50,200}) and rounds per
 * measurement (default 15). Prints a Markdown table of medians.
 */
public final class IsolationBenchmark {

    /** How long the simulated test runs between two pooled clones. */
    private static final long TEST_BODY_MILLIS = Long.getLong("bench.testMillis", 300);

    private IsolationBenchmark() {
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws Exception {
        String[] words = args.length == 1 ? args[0].trim().split("\\s+") : args;
        List<Integer> lengths = words.length > 0 && !words[0].isBlank()
                ? Arrays.stream(words[0].split(",")).map(Integer::valueOf).toList()
                : List.of(10, 50, 200);
        int rounds = words.length > 1 ? Integer.parseInt(words[1]) : 15;

        List<String> rows = new ArrayList<>();
        for (Engine engine : List.of(Engine.POSTGRES, Engine.MARIADB, Engine.MYSQL)) {
            System.setProperty("migratest.clonePool", "0");
            DatabaseServer unpooled = server(engine);
            System.setProperty("migratest.clonePool", "1");
            try (DatabaseServer server = unpooled; DatabaseServer pooled = server(engine)) {
                for (int length : lengths) {
                    Path migrations = writeHistory(length);
                    try {
                        rows.add(measure(server, pooled, engine, length, migrations, rounds));
                    } finally {
                        deleteTree(migrations);
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| engine | migrations | clone (ms) | pooled clone (ms) | create+migrate (ms)"
                + " | clean+migrate (ms) | clean+migrate / clone | clean+migrate / pooled clone |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    private static String measure(DatabaseServer server, DatabaseServer pooled, Engine engine, int length,
            Path migrations, int rounds) {
        String location = "filesystem:" + migrations;
        try (TestDatabase template = server.createDatabase(); TestDatabase reused = server.createDatabase();
                TestDatabase pooledTemplate = pooled.createDatabase()) {
            Migrator.configure(template).locations(location).load().migrate();
            Migrator.configure(pooledTemplate).locations(location).load().migrate();

            double clone = median(rounds, () -> {
                TestDatabase copy = server.cloneDatabase(template);
                return copy::close;
            });
            // The pool prepares the next copy while a test runs; TEST_BODY_MILLIS stands for that test.
            double pooledClone = median(rounds, () -> {
                TestDatabase copy = pooled.cloneDatabase(pooledTemplate);
                return () -> {
                    sleep(TEST_BODY_MILLIS);
                    copy.close();
                };
            });
            double createMigrate = median(rounds, () -> {
                TestDatabase fresh = server.createDatabase();
                Migrator.configure(fresh).locations(location).load().migrate();
                return fresh::close;
            });
            Flyway flyway = Flyway.configure().dataSource(reused.dataSource()).locations(location)
                    .cleanDisabled(false).loggers("slf4j").load();
            flyway.migrate();
            double cleanMigrate = median(rounds, () -> {
                flyway.clean();
                flyway.migrate();
                return () -> { };
            });
            return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f× | %.0f× |",
                    engine, length, clone, pooledClone, createMigrate, cleanMigrate, cleanMigrate / clone,
                    cleanMigrate / pooledClone);
        }
    }

    /** Median wall time of {@code rounds} runs of {@code work}; the cleanup it returns is not timed. */
    private static double median(int rounds, Supplier<Runnable> work) {
        work.get().run(); // warm-up
        double[] millis = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            Runnable cleanup = work.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
            cleanup.run();
        }
        Arrays.sort(millis);
        return millis[rounds / 2];
    }

    /** A history like a real one: tables created, altered, indexed and filled over time. */
    private static Path writeHistory(int length) throws IOException {
        Path dir = Files.createTempDirectory("migratest-bench-history");
        int tables = 0;
        for (int version = 1; version <= length; version++) {
            String sql;
            switch (version % 4) {
                case 1 -> {
                    tables++;
                    sql = "CREATE TABLE t" + tables + " (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                            + " amount DECIMAL(12, 2), created DATE);";
                }
                case 2 -> sql = "ALTER TABLE t" + tables + " ADD COLUMN note VARCHAR(200);";
                case 3 -> sql = "CREATE INDEX i" + tables + " ON t" + tables + " (name);";
                default -> {
                    StringBuilder insert = new StringBuilder("INSERT INTO t" + tables + " (id, name, amount) VALUES ");
                    for (int row = 1; row <= 20; row++) {
                        insert.append(row > 1 ? ", " : "").append("(").append(row).append(", 'name ").append(row)
                                .append("', ").append(row).append(".50)");
                    }
                    sql = insert.append(";").toString();
                }
            }
            Files.writeString(dir.resolve("V" + version + "__step_" + version + ".sql"), sql);
        }
        return dir;
    }

    private static DatabaseServer server(Engine engine) {
        if (engine == Engine.POSTGRES && System.getProperty("bench.postgres.url") == null) {
            return new EmbeddedPostgresProvider().start(engine, Settings.of());
        }
        if (engine == Engine.POSTGRES) {
            String base = System.getProperty("bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
            return new ManagedServer(engine, "server", new PostgresDialect(),
                    new SimpleDataSource(base + "postgres", "postgres", ""), name -> base + name, "postgres", "",
                    () -> { });
        }
        if (engine == Engine.MYSQL) {
            // real MySQL through the server provider (Connector/J with its batch options)
            return new ServerProvider().start(engine, Settings.of("migratest.mysql.url",
                    System.getProperty("bench.mysql.url", "jdbc:mysql://127.0.0.1:3307/")));
        }
        String base = System.getProperty("bench.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
        return new ManagedServer(engine, "server", new MySqlDialect(), new SimpleDataSource(base, "root", ""),
                name -> base + name, "root", "", () -> { });
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
