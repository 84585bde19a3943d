package io.migratest.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.testing.TestCheckOptions;
import io.migratest.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11 points 5, 7 and 9 on real servers: files per engine with {@code {vendor}} folders,
 * dotted versions in the gap check, and checks switched off showing as skipped.
 */
class HistoryFilesTest {

    private static final String VENDOR_HISTORY = "classpath:checks/vendor/common,classpath:checks/vendor/{vendor}";

    @TempDir
    Path files;

    // ------------------------------------------------------------ dotted versions (point 7)

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void dotted_versions_in_flyway_order_are_linear(Engine engine) {
        CheckResult linear = result(run(engine, "classpath:checks/dotted/linear", Checks::linearHistory, options()),
                "no gaps");

        assertThat(linear.passed()).as(linear.fullMessage()).isTrue();
        assertThat(linear.message()).isEqualTo("6 versions from 1 to 3, none missing");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_missing_step_among_dotted_versions_is_a_gap(Engine engine) {
        CheckResult gap = result(run(engine, "classpath:checks/dotted/gap", Checks::linearHistory, options()), "no gaps");

        assertThat(gap.failed()).isTrue();
        assertThat(gap.message())
                .startsWith("version(s) 1.2 missing between 1.1 and 1.3; 2 missing between 1.3 and 3 => ")
                .contains("@AllowGaps(\"1.2\") on the MigrationChecks class", "CheckOptions.builder().allowGaps(\"1.2\")")
                .doesNotContain("MigrationChecksConfig");

        CheckResult allowed = result(run(engine, "classpath:checks/dotted/gap", Checks::linearHistory,
                options().toBuilder().allowGaps("1.2", "2").build()), "no gaps");
        assertThat(allowed.passed()).as(allowed.fullMessage()).isTrue();
    }

    // ------------------------------------------------------------ files per engine (point 5)

    @Test
    void a_vendor_history_keeps_one_baseline_per_engine_and_passes_on_each() {
        List<Engine> engines = List.of(Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB);
        for (Engine engine : engines) {
            CheckResult written = result(run(engine, VENDOR_HISTORY, Checks::linearHistory, options()), "matches baseline");
            assertThat(written.message()).as(engine.toString())
                    .isEqualTo("no baseline yet: wrote " + files.resolve("baseline-" + engine.key() + ".json")
                            + " with 2 migrations; commit it");
        }
        assertThat(files.resolve("baseline.json")).doesNotExist();
        for (Engine engine : engines) {
            CheckResult again = result(run(engine, VENDOR_HISTORY, Checks::linearHistory, options()), "matches baseline");
            assertThat(again.passed()).as(again.fullMessage()).isTrue();
            assertThat(again.message()).startsWith("2 applied migrations unchanged, 0 new ones after V2 (baseline "
                    + files.resolve("baseline-" + engine.key() + ".json") + ")");
        }
    }

    @Test
    void an_old_shared_baseline_is_read_when_the_engine_has_none_and_says_how_to_move_on() throws Exception {
        run(Engine.POSTGRES, VENDOR_HISTORY, Checks::linearHistory, options());
        Files.move(files.resolve("baseline-postgres.json"), files.resolve("baseline.json"));

        CheckResult postgres = result(run(Engine.POSTGRES, VENDOR_HISTORY, Checks::linearHistory, options()),
                "matches baseline");
        assertThat(postgres.passed()).isTrue();
        assertThat(postgres.message()).contains("(baseline " + files.resolve("baseline.json")
                + " (the old shared baseline: baseline-postgres.json does not exist yet; run once with"
                + " -Dmigratest.updateBaseline=true on each engine to write baseline-postgres.json, then delete baseline.json))");

        // the shared file holds PostgreSQL's V2, which MySQL's folder replaces: the message says where to go
        CheckResult mysql = result(run(Engine.MYSQL, VENDOR_HISTORY, Checks::linearHistory, options()), "matches baseline");
        assertThat(mysql.failed()).isTrue();
        assertThat(mysql.message()).contains("against the baseline " + files.resolve("baseline.json")
                + " (the old shared baseline: baseline-mysql.json does not exist yet");
        assertThat(mysql.details()).singleElement().asString().contains("V2 (V2__Index_customers.sql) was edited");

        CheckResult updated = result(run(Engine.MYSQL, VENDOR_HISTORY, Checks::linearHistory,
                options().toBuilder().updateBaseline(true).build()), "matches baseline");
        assertThat(updated.message()).contains("wrote " + files.resolve("baseline-mysql.json"));
        assertThat(result(run(Engine.MYSQL, VENDOR_HISTORY, Checks::linearHistory, options()), "matches baseline")
                .passed()).isTrue();
    }

    @Test
    void mariadb_reads_the_mysql_folder_when_it_has_none_unless_switched_off() {
        try (TestDatabase db = TestServers.of(Engine.MARIADB).createDatabase()) {
            assertThat(Migrator.configure(db).locations(VENDOR_HISTORY.split(",")).load().locations())
                    .containsExactly("classpath:checks/vendor/common", "classpath:checks/vendor/mysql");
            assertThat(Migrator.configure(db).locations(VENDOR_HISTORY.split(",")).vendorFallback(false).load().locations())
                    .containsExactly("classpath:checks/vendor/common", "classpath:checks/vendor/mariadb");
        }
        try (TestDatabase db = TestServers.of(Engine.POSTGRES).createDatabase()) {
            assertThat(Migrator.configure(db).locations(VENDOR_HISTORY.split(",")).load().locations())
                    .containsExactly("classpath:checks/vendor/common", "classpath:checks/vendor/postgresql");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void schema_snapshots_of_a_vendor_history_are_per_engine(Engine engine) throws Exception {
        CheckResult written = run(engine, VENDOR_HISTORY, Checks::schemaMatchesSnapshot, options()).get(0);
        assertThat(written.message()).startsWith("no snapshot yet: wrote " + files.resolve("schema-" + engine.key() + ".txt"));
        assertThat(run(engine, VENDOR_HISTORY, Checks::schemaMatchesSnapshot, options()).get(0).passed()).isTrue();
    }

    // ------------------------------------------------------------ switching a check off (point 9)

    @Test
    void a_check_switched_off_in_the_options_is_one_skipped_step_with_the_reason() {
        CheckOptions off = options().toBuilder().switchOff(Check.LOCK_REHEARSAL, "switched off by @SkipChecks on X").build();

        List<CheckResult> results = run(Engine.POSTGRES, "classpath:checks/dotted/linear", Checks::lockRehearsal, off);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.check()).isEqualTo("lock rehearsal");
            assertThat(r.status()).isEqualTo(io.migratest.report.Outcome.Status.SKIPPED);
            assertThat(r.message()).isEqualTo("switched off by @SkipChecks on X");
        });
        assertThat(run(Engine.POSTGRES, "classpath:checks/dotted/linear", Checks::appliesFromEmpty, off)).hasSize(6);
    }

    @Test
    void the_setting_switches_checks_off_by_their_keys() {
        CheckOptions off = CheckOptions.builder(Settings.of("migratest.checks.skip", "undoRoundTrip, lockRehearsal"))
                .baselineFile(files.resolve("baseline.json")).snapshotDirectory(files).build();

        assertThat(off.switchedOff()).containsOnlyKeys(Check.UNDO_ROUND_TRIP, Check.LOCK_REHEARSAL);
        List<CheckResult> undo = run(Engine.MARIADB, "classpath:checks/dotted/linear", Checks::undoRoundTrip, off);
        assertThat(undo).singleElement().extracting(CheckResult::message)
                .isEqualTo("switched off by the setting migratest.checks.skip=undoRoundTrip,lockRehearsal");
    }

    @Test
    void every_check_key_is_a_value_of_the_setting() {
        for (Check check : Check.values()) {
            assertThat(CheckOptions.builder(Settings.of("migratest.checks.skip", check.key())).build().switchedOff())
                    .containsOnlyKeys(check);
        }
    }

    private CheckOptions options() {
        return TestCheckOptions.in(files)
                .build();
    }

    private static List<CheckResult> run(Engine engine, String locations, Function<Checks, List<CheckStep>> check,
            CheckOptions options) {
        return run(engine, locations, check, options, UnaryOperator.identity());
    }

    private static List<CheckResult> run(Engine engine, String locations, Function<Checks, List<CheckStep>> check,
            CheckOptions options, UnaryOperator<Migrator.Builder> configure) {
        try (TestDatabase db = TestServers.of(engine).createDatabase()) {
            Migrator migrator = configure.apply(Migrator.configure(db).locations(locations.split(","))).load();
            List<CheckResult> results = new ArrayList<>();
            for (CheckStep step : check.apply(Checks.on(db, migrator, options))) {
                results.add(step.run());
            }
            return results;
        }
    }

    private static CheckResult result(List<CheckResult> results, String subject) {
        return results.stream().filter(r -> r.subject().equals(subject)).findFirst().orElseThrow();
    }
}
