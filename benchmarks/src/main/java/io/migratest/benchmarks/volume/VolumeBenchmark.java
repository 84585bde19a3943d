package io.migratest.benchmarks.volume;

import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.Checks;
import io.migratest.check.VolumeOptions;
import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.ServerProvider;
import io.migratest.migrate.Migrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the volume rehearsal costs for a 10-migration history over five tables (issue 13 point
 * 6): the rehearsal at the sizes given (the last one 100,000 rows per table by default) with one
 * and with two runs per size, beside the default lock rehearsal on the same history, on the
 * machine's PostgreSQL (127.0.0.1:5432), MariaDB (127.0.0.1:3306) and MySQL (127.0.0.1:3307)
 * servers (-Dbench.postgres.url, -Dbench.mariadb.url, -Dbench.mysql.url). Prints a Markdown table.
 *
 * <p>Run: {@code benchmarks/run.sh volume "10000,100000 postgres,mariadb,mysql"}
 */
public final class VolumeBenchmark {

    private static final Pattern PASS = Pattern.compile("filling (\\d+) ms, migrations (\\d+) ms");

    private static final String[] HISTORY = {
        "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200));\n"
                + "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, status VARCHAR(20) NOT NULL,"
                + " total DECIMAL(12, 2), FOREIGN KEY (customer_id) REFERENCES customers (id));\n"
                + "CREATE TABLE items (id BIGINT PRIMARY KEY, sku VARCHAR(40) NOT NULL, price DECIMAL(10, 2));\n"
                + "CREATE TABLE payments (id BIGINT PRIMARY KEY, amount DECIMAL(12, 2) NOT NULL, paid_on DATE);\n"
                + "CREATE TABLE events (id BIGINT PRIMARY KEY, kind VARCHAR(20) NOT NULL, happened TIMESTAMP NULL);\n",
        "ALTER TABLE orders ADD COLUMN note VARCHAR(100);\n",
        "UPDATE orders SET status = 'archived';\n",
        "CREATE INDEX ix_items_sku ON items (sku);\n",
        "ALTER TABLE payments ADD COLUMN reference VARCHAR(40);\n",
        "UPDATE payments SET amount = amount + 1;\n",
        "CREATE INDEX ix_events_kind ON events (kind);\n",
        "ALTER TABLE customers ADD COLUMN tier INT;\n",
        "UPDATE customers SET tier = 1;\n",
        "DELETE FROM events WHERE kind = 'none';\n",
    };

    private VolumeBenchmark() {
    }

    public static void main(String[] given) throws Exception {
        // run.sh passes its arguments as one string
        String[] args = String.join(" ", given).trim().split("\\s+");
        long[] sizes = Arrays.stream((args[0].isEmpty() ? "10000,100000" : args[0]).split(","))
                .mapToLong(s -> Long.parseLong(s.trim())).toArray();
        List<Engine> engines = Arrays.stream((args.length > 1 ? args[1] : "postgres,mariadb,mysql").split(","))
                .map(name -> Engine.valueOf(name.trim().toUpperCase(Locale.ROOT))).toList();
        Path history = writeHistory();
        System.out.println("| engine | sizes | runs per size | volume rehearsal | of it filling | of it migrations |"
                + " lock rehearsal (default check) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Engine engine : engines) {
            try (DatabaseServer server = server(engine)) {
                String location = "filesystem:" + history;
                long lock = timed(server, location, checks -> checks.lockRehearsal()).total();
                for (int repeats : new int[] {1, 2}) {
                    VolumeOptions volume = VolumeOptions.builder(Settings.of()).sizes(sizes).repeats(repeats).build();
                    Cost cost = timed(server, location, checks -> checks.volumeRehearsal(volume));
                    System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f s | %.1f s | %.1f s | %.1f s |%n", engine,
                            String.join(", ", Arrays.stream(sizes).mapToObj(s -> String.format(Locale.ROOT, "%,d", s)).toList()),
                            repeats, cost.total() / 1000.0, cost.filling() / 1000.0, cost.migrations() / 1000.0,
                            lock / 1000.0);
                }
            }
        }
    }

    private record Cost(long total, long filling, long migrations) {
    }

    private static Cost timed(DatabaseServer server, String location, Function<Checks, List<CheckStep>> check) {
        try (TestDatabase db = server.createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations(location).load();
            long start = System.nanoTime();
            List<CheckResult> results = new ArrayList<>();
            for (CheckStep step : check.apply(Checks.on(db, migrator, CheckOptions.builder(Settings.of()).build()))) {
                results.add(step.run());
            }
            long total = (System.nanoTime() - start) / 1_000_000;
            long filling = 0;
            long migrations = 0;
            for (String line : results.get(0).details()) {
                Matcher pass = PASS.matcher(line);
                if (pass.find()) {
                    filling += Long.parseLong(pass.group(1));
                    migrations += Long.parseLong(pass.group(2));
                }
            }
            return new Cost(total, filling, migrations);
        }
    }

    private static Path writeHistory() throws IOException {
        Path dir = Files.createTempDirectory("migratest-volume-bench");
        dir.toFile().deleteOnExit();
        for (int i = 0; i < HISTORY.length; i++) {
            Path file = Files.writeString(dir.resolve("V" + (i + 1) + "__step_" + (i + 1) + ".sql"), HISTORY[i]);
            file.toFile().deleteOnExit();
        }
        return dir;
    }

    private static DatabaseServer server(Engine engine) {
        String url = switch (engine) {
            case POSTGRES -> System.getProperty("bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
            case MARIADB -> System.getProperty("bench.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
            case MYSQL -> System.getProperty("bench.mysql.url", "jdbc:mysql://127.0.0.1:3307/");
        };
        // the rehearsal is what is measured: no verdict of an earlier round is reused
        return new ServerProvider().start(engine, Settings.of("migratest." + engine.key() + ".url", url,
                "migratest.checks.reuse", "false"));
    }
}
