package io.migratest.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.ServerProvider;
import io.migratest.migrate.Migrator;
import io.migratest.report.Outcome;
import io.migratest.report.Report;
import io.migratest.testing.TestCheckOptions;
import io.migratest.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A check's passed verdict is reused by a later run (another server handle, database, report and
 * {@code Checks}, as a new JVM has) without running a migration, and only while nothing in its
 * key changed; on the machine's real servers.
 */
class KeptVerdictsTest {

    private static final String KEPT = "kept verdict";

    @TempDir
    Path files;

    private Path migrations;

    @BeforeEach
    void writeMigrations() throws Exception {
        migrations = Files.createDirectories(files.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__Create_customers.sql"),
                "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);\n");
        Files.writeString(migrations.resolve("V2__Add_email.sql"), "ALTER TABLE customers ADD email VARCHAR(200);\n");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_second_run_of_unchanged_checks_reuses_their_verdicts_and_runs_no_migration(Engine engine) {
        // the run that writes the missing snapshot and baseline: the key changed while it ran, so nothing is kept
        Run writes = run(engine, Checks::schemaMatchesSnapshot, Checks::linearHistory);
        assertThat(writes.results()).allMatch(CheckResult::passed);
        assertThat(writes.notes()).extracting(Outcome::subject).containsOnly("ran");

        Run first = run(engine, Checks::appliesFromEmpty, Checks::dataSurvives, Checks::schemaMatchesSnapshot,
                Checks::linearHistory);
        assertThat(first.results()).isNotEmpty().allMatch(CheckResult::passed);
        assertThat(first.notes()).extracting(Outcome::subject).containsOnly("ran");
        assertThat(first.migrationsApplied()).isPositive();

        Run second = run(engine, Checks::appliesFromEmpty, Checks::dataSurvives, Checks::schemaMatchesSnapshot,
                Checks::linearHistory);
        assertThat(second.migrationsApplied()).as("migrations applied on the second run's database").isZero();
        // a test runner learns before running a step that it hands back a kept verdict, and names it so
        assertThat(first.reused()).isNotEmpty().containsOnly(false);
        assertThat(second.reused()).hasSameSizeAs(first.reused()).containsOnly(true);
        assertThat(second.notes()).hasSize(4).allSatisfy(note -> {
            assertThat(note.subject()).isEqualTo("reused");
            assertThat(note.message()).matches("unchanged since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ \\(key [0-9a-f]{12}, .*\\)");
        });
        assertThat(second.results()).extracting(CheckResult::check, CheckResult::subject)
                .containsExactlyElementsOf(first.results().stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.check(),
                        r.subject())).toList());
        for (int i = 0; i < first.results().size(); i++) {
            CheckResult kept = first.results().get(i);
            CheckResult reused = second.results().get(i);
            assertThat(reused.passed()).isTrue();
            assertThat(reused.message()).startsWith("reused (unchanged since ").endsWith(kept.message()
                    + " (took " + kept.millis() + " ms then)");
            assertThat(reused.details()).isEqualTo(kept.details());
            assertThat(reused.measurements()).isEqualTo(kept.measurements());
        }
        // report.md says which checks were reused, and shows their steps as the results they are
        second.report().write(files.resolve("report"));
        assertThat(files.resolve("report/report.md")).content().contains("## Reused verdicts",
                "4 check(s) reused (not run: nothing in their key changed since a run where every step passed; their steps"
                        + " show that run's results) · 0 ran",
                "| KeptVerdictsTest | " + engine.name() + " | applies from empty | ♻️ reused | unchanged since ",
                "| ✅ | applies from empty | V1 Create customers | reused (unchanged since ");
        assertThat(second.report().sections()).singleElement().satisfies(section -> assertThat(section.outcomes())
                .filteredOn(o -> o.kind().equals("check")).hasSize(first.results().size())
                .allSatisfy(o -> assertThat(o.message()).startsWith("reused (unchanged since ")));
    }

    @Test
    void the_lock_rehearsal_keeps_its_measurements() {
        Run first = run(Engine.POSTGRES, Checks::lockRehearsal);
        assertThat(first.results()).allMatch(CheckResult::passed);
        assertThat(first.results()).anySatisfy(r -> assertThat(r.measurements()).isNotEmpty());

        Run second = run(Engine.POSTGRES, Checks::lockRehearsal);
        assertThat(second.notes()).extracting(Outcome::subject).containsOnly("reused");
        assertThat(second.results()).extracting(CheckResult::measurements)
                .containsExactlyElementsOf(first.results().stream().map(CheckResult::measurements).toList());
        assertThat(second.migrationsApplied()).isZero();
    }

    @Test
    void the_volume_rehearsal_is_reused_only_at_the_same_sizes() {
        Function<Checks, List<CheckStep>> small = c -> c.volumeRehearsal(
                VolumeOptions.builder(Settings.of()).sizes(20, 40).repeats(1).build());
        Run first = run(Engine.POSTGRES, small);
        assertThat(first.results()).isNotEmpty().allMatch(CheckResult::passed);
        assertThat(run(Engine.POSTGRES, small).note().subject()).isEqualTo("reused");

        Run larger = run(Engine.POSTGRES, c -> c.volumeRehearsal(
                VolumeOptions.builder(Settings.of()).sizes(20, 80).repeats(1).build()));

        assertThat(larger.note().subject()).isEqualTo("ran");
        assertThat(larger.note().message()).startsWith("volume options changed since the verdict kept");
    }

    @Test
    void editing_a_script_runs_the_check_again_naming_the_file() throws Exception {
        keptOnce();
        Files.writeString(migrations.resolve("V2__Add_email.sql"), "ALTER TABLE customers ADD email VARCHAR(250);\n");

        Run again = run(Engine.POSTGRES, Checks::appliesFromEmpty);

        assertThat(again.migrationsApplied()).isEqualTo(2);
        assertThat(again.note()).satisfies(note -> {
            assertThat(note.subject()).isEqualTo("ran");
            assertThat(note.message()).contains("migration " + migrations + "/V2__Add_email.sql changed since the verdict kept");
        });
        assertThat(run(Engine.POSTGRES, Checks::appliesFromEmpty).note().subject()).isEqualTo("reused");
    }

    @Test
    void another_java_step_runs_the_check_again() {
        Run first = runWith(Engine.POSTGRES, m -> m.javaMigrations(new Narrow.V3__Add_note()), Checks::appliesFromEmpty);
        assertThat(first.results()).hasSize(3).allMatch(CheckResult::passed);
        assertThat(runWith(Engine.POSTGRES, m -> m.javaMigrations(new Narrow.V3__Add_note()), Checks::appliesFromEmpty)
                .note().subject()).isEqualTo("reused");

        Run wider = runWith(Engine.POSTGRES, m -> m.javaMigrations(new Wide.V3__Add_note()), Checks::appliesFromEmpty);

        assertThat(wider.note().subject()).isEqualTo("ran");
        assertThat(wider.note().message()).contains("java step " + Wide.V3__Add_note.class.getName() + " added",
                "java step " + Narrow.V3__Add_note.class.getName() + " removed");
        assertThat(wider.migrationsApplied()).isEqualTo(3);
    }

    @Test
    void a_flyway_setting_or_a_check_option_runs_the_check_again() {
        Run first = runWith(Engine.POSTGRES, m -> m.placeholder("owner", "shop"), options(), Checks::dataSurvives);
        assertThat(first.note().subject()).isEqualTo("ran");
        assertThat(runWith(Engine.POSTGRES, m -> m.placeholder("owner", "shop"), options(), Checks::dataSurvives)
                .note().subject()).isEqualTo("reused");

        Run placeholder = runWith(Engine.POSTGRES, m -> m.placeholder("owner", "billing"), options(), Checks::dataSurvives);
        assertThat(placeholder.note().subject()).isEqualTo("ran");
        assertThat(placeholder.note().message()).startsWith("flyway settings changed since the verdict kept");

        Run option = runWith(Engine.POSTGRES, m -> m.placeholder("owner", "billing"),
                options().toBuilder().allowDataLoss("2", "customers").build(), Checks::dataSurvives);
        assertThat(option.note().subject()).isEqualTo("ran");
        assertThat(option.note().message()).startsWith("check options changed since the verdict kept");
        assertThat(option.migrationsApplied()).isEqualTo(2);
    }

    @Test
    void an_edited_snapshot_runs_the_snapshot_check_alone_and_its_failure_is_never_kept() throws Exception {
        run(Engine.POSTGRES, Checks::schemaMatchesSnapshot);
        keptOnce(Checks::schemaMatchesSnapshot);
        keptOnce(Checks::appliesFromEmpty);
        Path snapshot = files.resolve("schema-postgres.txt");
        String committed = Files.readString(snapshot);
        Files.writeString(snapshot, committed.replace("email", "e_mail"));

        for (int time = 0; time < 2; time++) {
            Run edited = run(Engine.POSTGRES, Checks::schemaMatchesSnapshot, Checks::appliesFromEmpty);
            assertThat(edited.results().get(0).failed()).isTrue();
            assertThat(edited.notes()).extracting(Outcome::name, Outcome::subject).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("schema matches snapshot", "ran"),
                    org.assertj.core.groups.Tuple.tuple("applies from empty", "reused"));
            assertThat(edited.notes().get(0).message()).startsWith("file " + snapshot + " changed since the verdict kept");
            edited.report().write(files.resolve("report"));
            assertThat(files.resolve("report/report.md")).content().contains("1 check(s) reused", "· 1 ran",
                    "| schema matches snapshot | ▶️ ran | file " + snapshot + " changed since the verdict kept ");
        }

        Files.writeString(snapshot, committed);
        assertThat(run(Engine.POSTGRES, Checks::schemaMatchesSnapshot).note().subject()).isEqualTo("reused");
    }

    @Test
    void a_failing_check_is_never_kept() throws Exception {
        Files.writeString(migrations.resolve("V3__Broken.sql"), "INSERT INTO customers (id) VALUES (1);\n");

        for (int time = 0; time < 2; time++) {
            Run broken = run(Engine.POSTGRES, Checks::appliesFromEmpty);
            assertThat(broken.results()).extracting(CheckResult::status)
                    .containsExactly(Outcome.Status.PASSED, Outcome.Status.PASSED, Outcome.Status.FAILED);
            assertThat(broken.note().subject()).isEqualTo("ran");
            assertThat(broken.note().message()).isEqualTo("no passed verdict kept for it yet");
        }
        if (Files.exists(reuseDirectory())) {
            try (Stream<Path> kept = Files.list(reuseDirectory())) {
                assertThat(kept).as("kept verdicts").isEmpty();
            }
        }
    }

    @Test
    void with_reuse_off_every_check_runs() {
        keptOnce();

        Run off = run(Engine.POSTGRES, Settings.of("migratest.checks.reuse", "false"), m -> { }, options(),
                List.of(Checks::appliesFromEmpty));

        assertThat(off.notes()).isEmpty();
        assertThat(off.results()).allSatisfy(r -> assertThat(r.message()).doesNotContain("reused"));
        assertThat(off.migrationsApplied()).isEqualTo(2);
    }

    @Test
    void a_server_started_in_code_without_the_setting_follows_this_jvm() {
        // this module's Surefire sets -Dmigratest.checks.reuse=false, as CI=true would
        assertThat(Settings.fromEnvironment().get(Setting.CHECKS_REUSE)).isFalse();
        // the server's settings name the directory but not migratest.checks.reuse itself
        for (int time = 0; time < 2; time++) {
            Run run = runOn(serverSettings(Engine.POSTGRES).with("migratest.checks.reuseDir", reuseDirectory().toString()));
            assertThat(run.notes()).isEmpty();
            assertThat(run.migrationsApplied()).isEqualTo(2);
        }
        assertThat(reuseDirectory()).doesNotExist();
    }

    private Run runOn(Settings settings) {
        Report report = Report.create().in(new Report.Scope("KeptVerdictsTest", "POSTGRES"));
        List<CheckResult> results = new ArrayList<>();
        try (DatabaseServer server = new ServerProvider().start(Engine.POSTGRES, settings);
                TestDatabase database = server.createDatabase()) {
            Migrator migrator = Migrator.configure(database).locations("filesystem:" + migrations).load();
            for (CheckStep step : Checks.on(database, migrator, options(), report).appliesFromEmpty()) {
                results.add(step.run());
            }
            List<Outcome> notes = report.sections().stream().flatMap(s -> s.outcomes().stream())
                    .filter(o -> o.kind().equals(KEPT)).toList();
            return new Run(results, notes, migrator.history().size(), report);
        }
    }

    @Test
    void a_damaged_record_is_ignored_and_the_check_runs() throws Exception {
        keptOnce();
        Path record;
        try (Stream<Path> kept = Files.list(reuseDirectory())) {
            record = kept.filter(f -> f.toString().endsWith(".properties")).findFirst().orElseThrow();
        }
        // a forged pass: a plausible edit that keeps the format but not the checksum
        Files.writeString(record, Files.readString(record).replace("applied on an empty database", "all fine"));

        Run forged = run(Engine.POSTGRES, Checks::appliesFromEmpty);
        assertThat(forged.note().subject()).isEqualTo("ran");
        assertThat(forged.note().message()).startsWith("ignored the unreadable kept verdict " + record)
                .contains("its checksum does not match its content");
        assertThat(forged.migrationsApplied()).isEqualTo(2);

        Files.write(record, new byte[] {(byte) 0xff, 0x00, (byte) 0xfe, '\\', 'u', 'z'});
        Run garbage = run(Engine.POSTGRES, Checks::appliesFromEmpty);
        assertThat(garbage.note().subject()).isEqualTo("ran");
        assertThat(garbage.note().message()).startsWith("ignored the unreadable kept verdict " + record);
        assertThat(garbage.results()).allMatch(CheckResult::passed);
        // and the run that ignored it keeps a good one again
        assertThat(run(Engine.POSTGRES, Checks::appliesFromEmpty).note().subject()).isEqualTo("reused");
    }

    // ------------------------------------------------------------ plumbing

    /** One run of the given checks: its results in order, the report's lines about kept verdicts, and migrations applied. */
    record Run(List<CheckResult> results, List<Outcome> notes, int migrationsApplied, Report report, List<Boolean> reused) {
        Run(List<CheckResult> results, List<Outcome> notes, int migrationsApplied, Report report) {
            this(results, notes, migrationsApplied, report, List.of());
        }

        Outcome note() {
            assertThat(notes).hasSize(1);
            return notes.get(0);
        }
    }

    private void keptOnce() {
        keptOnce(Checks::appliesFromEmpty);
    }

    private void keptOnce(Function<Checks, List<CheckStep>> check) {
        Run run = run(Engine.POSTGRES, check);
        assertThat(run.results()).allMatch(CheckResult::passed);
        assertThat(run(Engine.POSTGRES, check).note().subject()).as("reused once kept").isEqualTo("reused");
    }

    @SafeVarargs
    private Run run(Engine engine, Function<Checks, List<CheckStep>>... checks) {
        return runWith(engine, m -> { }, options(), checks);
    }

    @SafeVarargs
    private Run runWith(Engine engine, Consumer<Migrator.Builder> migrator, Function<Checks, List<CheckStep>>... checks) {
        return runWith(engine, migrator, options(), checks);
    }

    @SafeVarargs
    private Run runWith(Engine engine, Consumer<Migrator.Builder> migrator, CheckOptions options,
            Function<Checks, List<CheckStep>>... checks) {
        List<Function<Checks, List<CheckStep>>> each = new ArrayList<>();
        for (Function<Checks, List<CheckStep>> check : checks) {
            each.add(check);
        }
        return run(engine, Settings.of(), migrator, options, each);
    }

    /** A new server handle, database, report and {@code Checks} per run: what another JVM would have. */
    private Run run(Engine engine, Settings extra, Consumer<Migrator.Builder> configure, CheckOptions options,
            List<Function<Checks, List<CheckStep>>> checks) {
        Settings settings = serverSettings(engine).with("migratest.checks.reuse", "true")
                .with("migratest.checks.reuseDir", reuseDirectory().toString())
                .with("migratest.templates.cache", "false");
        for (var value : extra.values().entrySet()) {
            settings = settings.with(value.getKey(), value.getValue().text());
        }
        Report report = Report.create().in(new Report.Scope("KeptVerdictsTest", engine.name()));
        List<CheckResult> results = new ArrayList<>();
        List<Boolean> reused = new ArrayList<>();
        int applied = 0;
        try (DatabaseServer server = new ServerProvider().start(engine, settings)) {
            // each check on a database of its own, as MigrationChecks runs them
            for (Function<Checks, List<CheckStep>> check : checks) {
                try (TestDatabase database = server.createDatabase()) {
                    Migrator.Builder builder = Migrator.configure(database).locations("filesystem:" + migrations);
                    configure.accept(builder);
                    Migrator migrator = builder.load();
                    for (CheckStep step : check.apply(Checks.on(database, migrator, options, report))) {
                        reused.add(step.reused());
                        results.add(step.run());
                    }
                    applied += migrator.history().size();
                }
            }
        }
        List<Outcome> notes = report.sections().stream().flatMap(s -> s.outcomes().stream())
                .filter(o -> o.kind().equals(KEPT)).toList();
        return new Run(results, notes, applied, report, reused);
    }

    private Path reuseDirectory() {
        return files.resolve("kept");
    }

    private CheckOptions options() {
        return TestCheckOptions.in(files)
                .build();
    }

    private static Settings serverSettings(Engine engine) {
        return switch (engine) {
            case POSTGRES -> Settings.of("migratest.postgres.url",
                    System.getProperty("migratest.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/") + "postgres");
            case MARIADB -> Settings.of("migratest.mariadb.url",
                    System.getProperty("migratest.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/"));
            case MYSQL -> TestServers.mysqlServerSettings();
        };
    }

    /** A Java step adding a narrow column. */
    static final class Narrow {
        static final class V3__Add_note extends BaseJavaMigration {
            @Override
            public void migrate(Context context) throws Exception {
                try (Statement statement = context.getConnection().createStatement()) {
                    statement.execute("ALTER TABLE customers ADD note VARCHAR(20)");
                }
            }
        }
    }

    /** The same step, edited: a wider column. */
    static final class Wide {
        static final class V3__Add_note extends BaseJavaMigration {
            @Override
            public void migrate(Context context) throws Exception {
                try (Statement statement = context.getConnection().createStatement()) {
                    statement.execute("ALTER TABLE customers ADD note VARCHAR(80)");
                }
            }
        }
    }
}
