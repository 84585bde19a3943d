package io.migratest.benchmarks.checks;

import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.Checks;
import io.migratest.check.ChecksPass;
import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.EmbeddedPostgresProvider;
import io.migratest.db.internal.ManagedServer;
import io.migratest.db.internal.MySqlDialect;
import io.migratest.db.internal.OnDemandDatabase;
import io.migratest.db.internal.PostgresDialect;
import io.migratest.db.internal.ServerProvider;
import io.migratest.db.internal.SimpleDataSource;
import io.migratest.migrate.Migrator;
import io.migratest.report.Report;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * What all built-in checks together cost against one plain Flyway migrate of the same history on
 * the same server (issue 11: at most 3×).
 * <ul>
 *   <li>{@code plain migrate}: {@code Flyway.configure()…load().migrate()} on a new empty database;</li>
 *   <li>each check of {@link Checks}, as {@code MigrationChecks} runs it: a {@link Migrator}, then
 *       every step in order; the checks of one round share one {@link ChecksPass} and one database,
 *       so the first check (applies from empty) holds the pass and the others little more than
 *       their {@code Migrator}. With {@code -Dbench.checks.alone=true} each check runs alone on a
 *       new database of its own, as before the shared pass.</li>
 * </ul>
 * Creating a database is timed on its own on both sides, before the timer of what uses it starts
 * (the checks' database, which the extension creates on demand, is created just before the first
 * check): the ratios compare the migrations' work, and a second table adds each side's creation
 * to it, so that a reader sees what creating costs.
 * The history is {@code checks-history/} in this module's resources: 26 portable migrations
 * (tables, foreign keys, a join table, unique and plain indexes, a view, data steps, a column
 * rename) and 3 undo scripts. The snapshot and baseline are written in the warm-up round, so the
 * timed rounds compare against committed files, as on a team's CI.
 *
 * <p>Arguments: engines (comma-separated from {@code postgres} = the server at 127.0.0.1:5432 or
 * -Dbench.postgres.url, {@code embedded} = embedded PostgreSQL, {@code mariadb} = 127.0.0.1:3306,
 * {@code mysql} = 127.0.0.1:3307; default {@code postgres}), rounds (default 3) and how many of the
 * migrations to use (default all). Prints a Markdown table of medians; each ratio is the median
 * of the ratios within one round.
 */
public final class ChecksBenchmark {

    private static final String HISTORY = "checks-history";
    private static final Pattern FILE = Pattern.compile("^[VU](\\d+)__.*\\.sql$");
    private static final List<String> FILES = List.of(
            "V1__Create_customers.sql", "V2__Create_products.sql", "V3__Index_customers_by_name.sql",
            "V4__Create_orders.sql", "V5__Create_order_lines.sql", "V6__Index_orders_by_customer.sql",
            "V7__Create_countries.sql", "V8__Customer_country.sql", "V9__Create_addresses.sql",
            "V10__Open_new_orders.sql", "V11__Product_stock.sql", "V12__Index_products_by_title.sql",
            "V13__Create_payments.sql", "V14__Rename_postcode.sql", "V15__Create_event_log.sql",
            "V16__Trim_customer_names.sql", "V17__Create_categories.sql", "V18__Product_category.sql",
            "V19__Index_payments_by_order.sql", "V20__Event_severity.sql", "V21__Order_totals_view.sql",
            "V22__Order_note.sql", "U22__Order_note.sql", "V23__Create_tags.sql", "U23__Create_tags.sql",
            "V24__Customer_phone.sql", "U24__Customer_phone.sql", "V25__Default_categories.sql",
            "V26__Index_event_log_by_day.sql");

    /** The checks in the order {@code MigrationChecks} declares them. */
    private static final List<NamedCheck> CHECKS = List.of(
            new NamedCheck("appliesFromEmpty", Checks::appliesFromEmpty),
            new NamedCheck("linearHistory", Checks::linearHistory),
            new NamedCheck("dataSurvives", Checks::dataSurvives),
            new NamedCheck("undoRoundTrip", Checks::undoRoundTrip),
            new NamedCheck("schemaMatchesSnapshot", Checks::schemaMatchesSnapshot),
            new NamedCheck("lockRehearsal", Checks::lockRehearsal));

    /** {@code -Dbench.checks.alone=true}: each check runs its own pass, as before the shared pass. */
    private static final boolean ALONE = Boolean.getBoolean("bench.checks.alone");
    /**
     * {@code -Dbench.checks.databasePerCheck=true}: the shared pass, but each check on a new
     * database of its own (timed), as the extension gave every factory one before they shared one.
     */
    private static final boolean DATABASE_PER_CHECK = Boolean.getBoolean("bench.checks.databasePerCheck");

    private record NamedCheck(String key, Function<Checks, List<CheckStep>> steps) {
    }

    private ChecksBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String[] words = args.length == 1 ? args[0].trim().split("\\s+") : args;
        List<String> engines = words.length > 0 && !words[0].isBlank() ? Arrays.asList(words[0].split(","))
                : List.of("postgres");
        int rounds = words.length > 1 ? Integer.parseInt(words[1]) : 3;
        int migrations = words.length > 2 ? Integer.parseInt(words[2]) : Integer.MAX_VALUE;

        Path history = copyHistory(migrations);
        List<String> rows = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        try {
            for (String engine : engines) {
                try (DatabaseServer server = server(engine.strip())) {
                    measure(server, engine.strip(), "filesystem:" + history, rounds, rows, outcomes);
                }
            }
        } finally {
            deleteTree(history);
        }
        System.out.println();
        outcomes.forEach(System.out::println);
        System.out.println();
        System.out.println("| server | check | median (ms) | × plain migrate (median of rounds) |");
        System.out.println("|---|---|---:|---:|");
        rows.forEach(System.out::println);
    }

    private static void measure(DatabaseServer server, String name, String location, int rounds, List<String> rows,
            List<String> outcomes) throws IOException {
        Path files = Files.createTempDirectory("migratest-bench-checks");
        try {
            CheckOptions options = CheckOptions.builder(Settings.of())
                    .baselineFile(files.resolve("baseline.json"))
                    .snapshotDirectory(files)
                    .outputDirectory(files.resolve("out"))
                    .build();
            // Each round times the plain migrate and then every check, so that a ratio compares
            // runs a few seconds apart: on a shared machine the load drifts more between rounds.
            // Round 0 warms up and writes the snapshot and baseline.
            double[][] millis = new double[rounds][CHECKS.size() + 1];
            // per round: creating the plain migrate's database, and the checks' database(s)
            double[][] creating = new double[rounds][2];
            List<Map<String, Integer>> statuses = new ArrayList<>();
            CHECKS.forEach(c -> statuses.add(new TreeMap<>()));
            for (int round = -1; round < rounds; round++) {
                double[] created = new double[2];
                double plain = plainMigrate(server, location, created);
                // one pass per round, as MigrationChecks makes one per class and engine, and one
                // database for it, which the extension creates when a check first uses it: here
                // just before the first check, timed apart as the plain migrate's database is
                ChecksPass pass = ALONE ? null : ChecksPass.create();
                try (TestDatabase shared = ALONE || DATABASE_PER_CHECK ? null : onDemand(server)) {
                    if (shared != null) {
                        long start = System.nanoTime();
                        shared.name(); // creates it, without opening a connection to it
                        created[1] += (System.nanoTime() - start) / 1e6;
                    }
                    for (int i = 0; i < CHECKS.size(); i++) {
                        statuses.get(i).clear();
                        double took = runCheck(server, shared, location, options, pass, CHECKS.get(i).steps(),
                                statuses.get(i), created);
                        if (round >= 0) {
                            millis[round][i + 1] = took;
                        }
                    }
                }
                if (round >= 0) {
                    millis[round][0] = plain;
                    creating[round] = created;
                }
            }
            for (int i = 0; i < CHECKS.size(); i++) {
                outcomes.add(name + " " + CHECKS.get(i).key() + ": " + statuses.get(i));
            }
            rows.add(String.format(Locale.ROOT, "| %s | plain Flyway migrate | %.0f | 1.0× |", name,
                    median(millis, r -> r[0])));
            for (int i = 0; i < CHECKS.size(); i++) {
                int column = i + 1;
                rows.add(String.format(Locale.ROOT, "| %s | %s | %.0f | %.1f× |", name, CHECKS.get(i).key(),
                        median(millis, r -> r[column]), median(millis, r -> r[column] / r[0])));
            }
            ToDoubleFunction<double[]> total = r -> Arrays.stream(r, 1, r.length).sum();
            rows.add(String.format(Locale.ROOT, "| %s | **all checks** | %.0f | **%.1f×** |", name,
                    median(millis, total), median(millis, r -> total.applyAsDouble(r) / r[0])));
            // the same with each side's database creation added, by round
            double[][] withCreation = new double[rounds][];
            for (int r = 0; r < rounds; r++) {
                withCreation[r] = new double[] {creating[r][0], creating[r][1], millis[r][0] + creating[r][0],
                        total.applyAsDouble(millis[r]) + creating[r][1]};
            }
            rows.add(String.format(Locale.ROOT, "| %s | creating the plain migrate's database | %.0f | |", name,
                    median(withCreation, r -> r[0])));
            rows.add(String.format(Locale.ROOT, "| %s | creating the checks' database%s | %.0f | |", name,
                    ALONE || DATABASE_PER_CHECK ? "s" : "", median(withCreation, r -> r[1])));
            rows.add(String.format(Locale.ROOT, "| %s | plain Flyway migrate, creation included | %.0f | 1.0× |", name,
                    median(withCreation, r -> r[2])));
            rows.add(String.format(Locale.ROOT, "| %s | all checks, creation included | %.0f | %.1f× |", name,
                    median(withCreation, r -> r[3]), median(withCreation, r -> r[3] / r[2])));
        } finally {
            deleteTree(files);
        }
    }

    private static double median(double[][] rounds, ToDoubleFunction<double[]> value) {
        double[] values = Arrays.stream(rounds).mapToDouble(value).sorted().toArray();
        return values[values.length / 2];
    }

    /** Times the plain migrate; adds the time its database took to create to {@code created[0]}. */
    private static double plainMigrate(DatabaseServer server, String location, double[] created) {
        long creating = System.nanoTime();
        try (TestDatabase database = server.createDatabase()) {
            created[0] += (System.nanoTime() - creating) / 1e6;
            long start = System.nanoTime();
            Flyway.configure().dataSource(database.dataSource()).locations(location).loggers("slf4j").load().migrate();
            return (System.nanoTime() - start) / 1e6;
        }
    }

    /** The checks' one database of a round, as the extension gives it: made on first use. */
    private static TestDatabase onDemand(DatabaseServer server) {
        ManagedServer managed = (ManagedServer) server;
        return new OnDemandDatabase(server.engine(), managed.settings(), server::createDatabase,
                managed.serverDataSource());
    }

    /**
     * One check on {@code shared}, the round's database of the shared pass, or alone on a new
     * database of its own, whose creation is added to {@code created[1]} and not to the check's time.
     */
    private static double runCheck(DatabaseServer server, TestDatabase shared, String location, CheckOptions options,
            ChecksPass pass, Function<Checks, List<CheckStep>> check, Map<String, Integer> statuses,
            double[] created) {
        long creating = System.nanoTime();
        TestDatabase database = shared != null ? shared : server.createDatabase();
        if (shared == null) {
            created[1] += (System.nanoTime() - creating) / 1e6;
        }
        long start = System.nanoTime();
        try {
            Migrator migrator = Migrator.configure(database).locations(location).load();
            Checks checks = Checks.on(database, migrator, options, Report.create());
            for (CheckStep step : check.apply(pass == null ? checks : checks.sharing(pass))) {
                CheckResult result;
                try {
                    result = step.run();
                } catch (RuntimeException e) {
                    // a step that could not run is counted and shown; the check's later steps are skipped
                    statuses.merge("error", 1, Integer::sum);
                    System.err.println(step.check() + " [" + step.subject() + "] error: " + e.getMessage());
                    continue;
                }
                String status = result.status().toString().toLowerCase(Locale.ROOT);
                statuses.merge(status, 1, Integer::sum);
                if (!result.passed()) {
                    System.err.println(step.check() + " [" + step.subject() + "] " + status + ": " + result.message());
                }
            }
            return (System.nanoTime() - start) / 1e6;
        } finally {
            if (shared == null) {
                database.close();
            }
        }
    }

    /** The history on disk, limited to its first {@code migrations} versions (undo scripts follow their version). */
    private static Path copyHistory(int migrations) throws IOException {
        Path dir = Files.createTempDirectory("migratest-bench-history");
        for (String file : FILES) {
            Matcher m = FILE.matcher(file);
            if (!m.matches() || Integer.parseInt(m.group(1)) > migrations) {
                continue;
            }
            try (InputStream in = ChecksBenchmark.class.getClassLoader().getResourceAsStream(HISTORY + "/" + file)) {
                if (in == null) {
                    throw new IOException("missing benchmark resource " + HISTORY + "/" + file);
                }
                Files.copy(in, dir.resolve(file));
            }
        }
        return dir;
    }

    private static DatabaseServer server(String name) {
        switch (name) {
            case "embedded" -> {
                // the checks are what is measured: no verdict of an earlier round is reused
                return new EmbeddedPostgresProvider().start(Engine.POSTGRES, Settings.of("migratest.checks.reuse", "false"));
            }
            case "postgres" -> {
                String base = System.getProperty("bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
                return new ManagedServer(Engine.POSTGRES, "server", new PostgresDialect(),
                        new SimpleDataSource(base + "postgres", "postgres", ""), db -> base + db, "postgres", "",
                        () -> { });
            }
            case "mysql" -> {
                return new ServerProvider().start(Engine.MYSQL, Settings.of("migratest.checks.reuse", "false",
                        "migratest.mysql.url", System.getProperty("bench.mysql.url", "jdbc:mysql://127.0.0.1:3307/")));
            }
            case "mariadb" -> {
                String base = System.getProperty("bench.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
                return new ManagedServer(Engine.MARIADB, "server", new MySqlDialect(),
                        new SimpleDataSource(base, "root", ""), db -> base + db, "root", "", () -> { });
            }
            default -> throw new IllegalArgumentException("unknown server " + name
                    + ": use postgres, embedded, mariadb or mysql");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
