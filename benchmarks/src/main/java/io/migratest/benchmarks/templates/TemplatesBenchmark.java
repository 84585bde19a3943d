package io.migratest.benchmarks.templates;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.Template;
import io.migratest.db.TemplateKey;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.Dialect;
import io.migratest.db.internal.EmbeddedPostgresProvider;
import io.migratest.db.internal.ServerProvider;
import io.migratest.migrate.Migrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * Per-test database time for a generated history (default 200 migrations) with Migratest's kept
 * templates and clone pool, against Flyway clean+migrate on one database and against a plain
 * template copy; and what the template itself costs on a first run (built) and on a second run
 * (found by its key, no migration). Each "run" is a server of its own, as another JVM's would be.
 *
 * <p>Servers: embedded PostgreSQL in a fresh kept data directory, and through the server
 * provider the machine's PostgreSQL (5432), MariaDB (3306) and MySQL (3307). Arguments: the
 * history length, rounds (default 30; clean+migrate runs a third as many), the engines
 * ({@code embedded,postgres,mariadb,mysql}). Prints a Markdown table.
 */
public final class TemplatesBenchmark {

    /** How long the simulated test runs, during which the pool prepares the next copy. */
    private static final long TEST_BODY_MILLIS = Long.getLong("bench.testMillis", 300);

    private TemplatesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String[] words = args.length == 1 ? args[0].trim().split("\\s+") : args;
        int length = words.length > 0 && !words[0].isBlank() ? Integer.parseInt(words[0]) : 200;
        int rounds = words.length > 1 ? Integer.parseInt(words[1]) : 30;
        List<String> engines = words.length > 2 ? List.of(words[2].split(","))
                : List.of("embedded", "postgres", "mariadb", "mysql");
        Path history = writeHistory(length);
        Path dataDir = Files.createTempDirectory("migratest-bench-pgdata");
        List<String> rows = new ArrayList<>();
        try {
            for (String engine : engines) {
                rows.add(measure(engine, history, dataDir, length, rounds));
            }
        } finally {
            deleteTree(history);
        }
        System.out.println();
        System.out.println("| server | migrations | template, 1st run (ms) | template, 2nd run (ms) | pool+cache p50 / p99 (ms)"
                + " | template copy p50 / p99 (ms) | Flyway clean+migrate p50 / p99 (ms) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.println("(embedded data directory " + dataDir + " is left for a look; delete it when done)");
    }

    private static String measure(String which, Path history, Path dataDir, int length, int rounds) {
        String location = "filesystem:" + history;
        Engine engine = which.equals("embedded") ? Engine.POSTGRES : Engine.valueOf(which.toUpperCase(Locale.ROOT));
        // a key of its own per benchmark run, so the first run really builds
        TemplateKey key = TemplateKey.builder("TemplatesBenchmark " + which)
                .digests(Migrator.configureUnconnected(engine).locations(location).load().contentDigests())
                .text("benchmark run", UUID.randomUUID().toString()).build();
        long firstMillis;
        try (DatabaseServer first = server(which, dataDir, 0)) {
            long start = System.nanoTime();
            first.template(key, database -> Migrator.configure(database).locations(location).load().migrate());
            firstMillis = (System.nanoTime() - start) / 1_000_000;
        }
        long secondMillis;
        double[] pool;
        try (DatabaseServer pooled = server(which, dataDir, 1)) {
            long start = System.nanoTime();
            Template template = pooled.template(key, database -> {
                throw new IllegalStateException("the second run must not migrate");
            });
            secondMillis = (System.nanoTime() - start) / 1_000_000;
            pool = sample(rounds, () -> {
                TestDatabase copy = pooled.cloneDatabase(template.database());
                return () -> {
                    sleep(TEST_BODY_MILLIS);
                    copy.close();
                };
            });
        }
        // one after the other: embedded PostgreSQL gives two servers at once two clusters
        try (DatabaseServer plain = server(which, dataDir, 0)) {
            Template template = plain.template(key, database -> {
                throw new IllegalStateException("the third run must not migrate");
            });
            double[] copy = sample(rounds, () -> {
                TestDatabase database = plain.cloneDatabase(template.database());
                return database::close;
            });
            double[] clean;
            try (TestDatabase reused = plain.createDatabase()) {
                Flyway flyway = Flyway.configure().dataSource(reused.dataSource()).locations(location)
                        .cleanDisabled(false).loggers("slf4j").load();
                flyway.migrate();
                clean = sample(Math.max(3, rounds / 3), () -> {
                    flyway.clean();
                    flyway.migrate();
                    return () -> { };
                });
            }
            dropKept(plain, template.database().name());
            return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f / %.1f | %.1f / %.1f | %.0f / %.0f |",
                    label(which), length, firstMillis, secondMillis, p(pool, 50), p(pool, 99), p(copy, 50), p(copy, 99),
                    p(clean, 50), p(clean, 99));
        }
    }

    private static String label(String which) {
        return switch (which) {
            case "embedded" -> "PostgreSQL 17, embedded";
            case "postgres" -> "PostgreSQL 15, server";
            case "mariadb" -> "MariaDB 10.11, server";
            default -> "MySQL 9, server";
        };
    }

    private static DatabaseServer server(String which, Path dataDir, int pool) {
        Settings settings = Settings.of("migratest.clonePool", String.valueOf(pool));
        return switch (which) {
            case "embedded" -> new EmbeddedPostgresProvider().start(Engine.POSTGRES,
                    settings.with("migratest.embedded.dataDir", dataDir.toString()));
            case "postgres" -> new ServerProvider().start(Engine.POSTGRES, settings.with("migratest.postgres.url",
                    System.getProperty("bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/postgres")));
            case "mariadb" -> new ServerProvider().start(Engine.MARIADB, settings.with("migratest.mariadb.url",
                    System.getProperty("bench.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/")));
            default -> new ServerProvider().start(Engine.MYSQL, settings.with("migratest.mysql.url",
                    System.getProperty("bench.mysql.url", "jdbc:mysql://127.0.0.1:3307/")));
        };
    }

    // the benchmark's template has a key of its own: it would only sit there until reclaimed by age
    private static void dropKept(DatabaseServer server, String name) {
        try (TestDatabase any = server.createDatabase()) {
            any.jdbi().useHandle(h -> h.execute(
                    Dialect.of(server.engine()).dropDatabase(name)));
        } catch (RuntimeException e) {
            System.err.println("Could not drop " + name + ": " + e.getMessage());
        }
    }

    /** Wall times of {@code rounds} runs of {@code work}, sorted; the cleanup it returns is not timed. */
    private static double[] sample(int rounds, Supplier<Runnable> work) {
        work.get().run(); // warm-up
        double[] millis = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            Runnable cleanup = work.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
            cleanup.run();
        }
        Arrays.sort(millis);
        return millis;
    }

    /** The nearest-rank percentile of sorted samples. */
    private static double p(double[] sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The history of IsolationBenchmark: tables created, altered, indexed and filled over time. */
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

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
