package io.migratest.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.ServerProvider;
import io.migratest.migrate.Migrator;
import io.migratest.report.Outcome;
import io.migratest.report.Report;
import io.migratest.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The volume rehearsal's timings are reused by a later run (another server handle, database,
 * report and {@code Checks}, as a new JVM has) while the migrations, sizes, repeats, engine and
 * server are unchanged, and measured again when any of them changes; the verdict is never kept:
 * it is judged again from the timings, so a step over the budget fails on every run and a new
 * budget or production size applies at once. On the machine's real servers.
 */
class KeptMeasurementsTest {

    private static final String NOTE = "kept measurements";
    private static final String POSTGRES_URL =
            System.getProperty("migratest.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/") + "postgres";

    @TempDir
    Path files;

    @BeforeEach
    void writeMigrations() throws Exception {
        for (String vendor : List.of("postgresql", "mysql")) {
            Path dir = Files.createDirectories(files.resolve("migrations").resolve(vendor));
            Files.writeString(dir.resolve("V1__Create_orders.sql"),
                    "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer INT NOT NULL, note VARCHAR(40));\n");
            Files.writeString(dir.resolve("V2__Index_customer.sql"), vendor.equals("postgresql")
                    ? "CREATE INDEX orders_customer ON orders (customer);\n"
                    : "ALTER TABLE orders ADD INDEX orders_customer (customer), ALGORITHM=COPY;\n");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_second_run_reuses_the_timings_runs_no_migration_and_still_fails_the_step_over_the_budget(Engine engine) {
        Run first = run(engine, volume(), 1);
        assertThat(first.note().subject()).isEqualTo("measured");
        assertThat(first.note().message()).isEqualTo("no measurements kept for it yet");
        assertThat(first.results().get(0).message()).startsWith("ran 2 migrations 1 times at each of 2 sizes in ");
        assertThat(first.migrationsApplied()).isPositive();
        CheckResult index = first.results().get(2);
        assertThat(index.failed()).as(index.fullMessage()).isTrue();

        Run second = run(engine, volume(), 1);

        assertThat(second.migrationsApplied()).as("migrations applied on the second run's database").isZero();
        assertThat(second.note().subject()).isEqualTo("reused");
        assertThat(second.note().message()).matches("unchanged since measured \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ, key [0-9a-f]{12} \\(.*\\)");
        assertThat(second.results().get(0).passed()).isTrue();
        assertThat(second.results().get(0).message()).startsWith("reused the timings measured ")
                .contains("migratest.volume.reuseMeasurements=false measures again");
        assertThat(second.results().get(0).details()).isEqualTo(first.results().get(0).details());
        // judged again from the same points: the same verdict, saying whence its timings came
        CheckResult again = second.results().get(2);
        assertThat(again.failed()).as(again.fullMessage()).isTrue();
        assertThat(again.message()).startsWith(index.message()).matches("(?s).* \\[timings measured [^\\]]*, reused\\]$");
        assertThat(again.measurements()).isEqualTo(index.measurements());
        assertThat(again.details()).contains(index.details().get(0))
                .anySatisfy(d -> assertThat(d).startsWith("timings reused from an earlier run (measured "));
    }

    @Test
    void the_verdict_is_judged_again_with_this_runs_production_rows() {
        run(Engine.POSTGRES, volume(), 1);

        Run larger = run(Engine.POSTGRES, VolumeOptions.builder(Settings.of()).sizes(2_000, 20_000).repeats(1)
                .productionRows("orders", 9_000_000_000L).build(), 1);

        assertThat(larger.note().subject()).isEqualTo("reused");
        assertThat(larger.migrationsApplied()).isZero();
        assertThat(larger.results().get(2).message()).contains(" at 9,000,000,000 rows of orders");
        // report.md shows where the timings came from; the line is counted as no test
        larger.report().write(files.resolve("report"));
        assertThat(files.resolve("report/report.md")).content()
                .contains("| ✅ | volume rehearsal | reused | unchanged since measured ");
        long passed = larger.results().stream().filter(CheckResult::passed).count();
        assertThat(files.resolve("report/report.json")).content().contains("\"passed\" : " + passed + ",");
    }

    @Test
    void other_sizes_or_repeats_measure_again() {
        run(Engine.POSTGRES, volume(), 1);

        Run more = run(Engine.POSTGRES, VolumeOptions.builder(Settings.of()).sizes(2_000, 20_000).repeats(2)
                .productionRows("orders", 50_000_000).build(), 1);

        assertThat(more.note().subject()).isEqualTo("measured");
        assertThat(more.note().message()).startsWith("volume sizes changed since the measurements kept ");
        assertThat(more.migrationsApplied()).isPositive();
    }

    @Test
    void another_server_of_the_same_version_measures_again() {
        run(Engine.POSTGRES, volume(), 1);
        assertThat(run(Engine.POSTGRES, volume(), 1).note().subject()).isEqualTo("reused");

        // the same server by another name stands for another server: its timings are not these
        Run elsewhere = run(Engine.POSTGRES, Settings.of("migratest.postgres.url", POSTGRES_URL.replace("127.0.0.1", "localhost")),
                volume(), 1);

        assertThat(elsewhere.note().subject()).isEqualTo("measured");
        assertThat(elsewhere.note().message()).startsWith("server address changed since the measurements kept ");
        assertThat(elsewhere.migrationsApplied()).isPositive();
    }

    @Test
    void editing_a_script_measures_again_naming_the_file() throws Exception {
        run(Engine.POSTGRES, volume(), 1);
        assertThat(run(Engine.POSTGRES, volume(), 1).note().subject()).isEqualTo("reused");
        Path script = files.resolve("migrations/postgresql/V2__Index_customer.sql");
        Files.writeString(script, "CREATE INDEX orders_customer ON orders (customer, id);\n");

        Run edited = run(Engine.POSTGRES, volume(), 1);

        assertThat(edited.note().subject()).isEqualTo("measured");
        assertThat(edited.note().message()).contains("migration " + script + " changed since the measurements kept ");
        assertThat(edited.migrationsApplied()).isPositive();
        assertThat(edited.results().get(0).message()).startsWith("ran 2 migrations");
        // and the timings of the edited script are the ones kept now
        assertThat(run(Engine.POSTGRES, volume(), 1).note().subject()).isEqualTo("reused");
    }

    @Test
    void a_damaged_record_is_ignored_and_measured_again() throws Exception {
        run(Engine.POSTGRES, volume(), 1);
        Path record;
        try (Stream<Path> kept = Files.list(reuseDirectory())) {
            record = kept.filter(f -> f.getFileName().toString().startsWith("measurements-")).findFirst().orElseThrow();
        }
        // a forged timing: 1 ms at the largest size, the format kept but not the checksum
        String text = Files.readString(record);
        Files.writeString(record, text.replaceAll("20000\\\\:\\d+", "20000\\\\:1"));
        assertThat(Files.readString(record)).isNotEqualTo(text);

        Run forged = run(Engine.POSTGRES, volume(), 1);

        assertThat(forged.note().subject()).isEqualTo("measured");
        assertThat(forged.note().message()).startsWith("ignored the unreadable kept measurements " + record)
                .contains("its checksum does not match its content");
        assertThat(forged.migrationsApplied()).isPositive();
    }

    @Test
    void with_the_setting_off_the_rehearsal_measures_and_keeps_nothing() {
        Settings off = Settings.of("migratest.volume.reuseMeasurements", "false");
        for (int time = 0; time < 2; time++) {
            Run run = run(Engine.POSTGRES, off, volume(), 1);
            assertThat(run.note().subject()).isEqualTo("measured");
            assertThat(run.note().message()).isEqualTo("not reused: migratest.volume.reuseMeasurements is off");
            assertThat(run.migrationsApplied()).isPositive();
        }
        assertThat(reuseDirectory()).satisfiesAnyOf(dir -> assertThat(dir).doesNotExist(),
                dir -> assertThat(dir).isEmptyDirectory());
    }

    // ------------------------------------------------------------ plumbing

    /** One run of the volume rehearsal: its results in order, the report's lines about kept measurements, migrations applied. */
    record Run(List<CheckResult> results, List<Outcome> notes, int migrationsApplied, Report report) {
        Outcome note() {
            assertThat(notes).hasSize(1);
            return notes.get(0);
        }
    }

    private static VolumeOptions volume() {
        return VolumeOptions.builder(Settings.of()).sizes(2_000, 20_000).repeats(1).productionRows("orders", 50_000_000)
                .build();
    }

    private Run run(Engine engine, VolumeOptions volume, long budgetMillis) {
        return run(engine, Settings.of(), volume, budgetMillis);
    }

    /** A new server handle, database, report and {@code Checks} per run: what another JVM would have. */
    private Run run(Engine engine, Settings extra, VolumeOptions volume, long budgetMillis) {
        Settings settings = serverSettings(engine).with("migratest.checks.reuse", "true")
                .with("migratest.checks.reuseDir", reuseDirectory().toString())
                .with("migratest.templates.cache", "false");
        for (var value : extra.values().entrySet()) {
            settings = settings.with(value.getKey(), value.getValue().text());
        }
        Report report = Report.create().in(new Report.Scope("KeptMeasurementsTest", engine.name()));
        CheckOptions options = CheckOptions.builder(Settings.of()).lockBudgetMillis(budgetMillis)
                .outputDirectory(files.resolve("out")).build();
        List<CheckResult> results = new ArrayList<>();
        int applied;
        try (DatabaseServer server = new ServerProvider().start(engine, settings);
                TestDatabase database = server.createDatabase()) {
            String vendor = engine == Engine.POSTGRES ? "postgresql" : "mysql";
            Migrator migrator = Migrator.configure(database)
                    .locations("filesystem:" + files.resolve("migrations").resolve(vendor)).load();
            for (CheckStep step : Checks.on(database, migrator, options, report).volumeRehearsal(volume)) {
                results.add(step.run());
            }
            applied = migrator.history().size();
        }
        List<Outcome> notes = report.sections().stream().flatMap(s -> s.outcomes().stream())
                .filter(o -> o.kind().equals(NOTE)).toList();
        return new Run(results, notes, applied, report);
    }

    private Path reuseDirectory() {
        return files.resolve("kept");
    }

    private static Settings serverSettings(Engine engine) {
        return switch (engine) {
            case POSTGRES -> Settings.of("migratest.postgres.url", POSTGRES_URL);
            case MARIADB -> Settings.of("migratest.mariadb.url",
                    System.getProperty("migratest.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/"));
            case MYSQL -> TestServers.mysqlServerSettings();
        };
    }
}
