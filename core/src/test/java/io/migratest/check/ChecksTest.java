package io.migratest.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.migratest.MigratestException;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.report.Outcome;
import io.migratest.report.Report;
import io.migratest.testing.TestCheckOptions;
import io.migratest.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each check fails on the bug it exists for and passes on the fixed migrations, on both engines. */
class ChecksTest {

    @TempDir
    Path files;

    // ------------------------------------------------------------ applies from empty

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void applies_from_empty_gives_one_result_per_version(Engine engine) {
        List<CheckResult> results = run(engine, "checks/dataloss/good", Checks::appliesFromEmpty, options());

        assertThat(results).extracting(CheckResult::subject)
                .containsExactly("V1 Create shop", "V2 Amounts in cents");
        assertThat(results).allMatch(CheckResult::passed);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void applies_from_empty_runs_every_version_in_one_pass_yet_names_the_one_that_fails(Engine engine) {
        List<CheckResult> results = run(engine, "checks/broken", Checks::appliesFromEmpty, options());

        assertThat(results).extracting(CheckResult::subject)
                .containsExactly("V1 Create shelves", "V2 Insert without label", "V3 Create books");
        assertThat(results.get(0).passed()).isTrue();
        assertThat(results.get(0).message()).matches("applied on an empty database in \\d+ ms");
        assertThat(results.get(1).failed()).isTrue();
        assertThat(results.get(1).message()).startsWith("V2 (V2__Insert_without_label.sql) does not apply on a"
                + " database at version 1 => fix the migration");
        assertThat(results.get(1).details()).singleElement().asString()
                .contains("Migration V2__Insert_without_label.sql (version 2) failed on", "statement: INSERT INTO shelves");
        assertThat(results.get(2).status()).isEqualTo(Outcome.Status.SKIPPED);
        assertThat(results.get(2).message()).isEqualTo("not run: V2 Insert without label failed before it");
    }

    @Test
    void a_missing_migration_folder_is_a_clear_error() {
        try (TestDatabase db = TestServers.of(Engine.POSTGRES).createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations("classpath:checks/no_such_folder").load();

            assertThatThrownBy(() -> Checks.on(db, migrator, options()).appliesFromEmpty())
                    .isInstanceOf(MigratestException.class)
                    .hasMessageContaining("No migrations found in [classpath:checks/no_such_folder]")
                    .hasMessageContaining("=> check the locations");
        }
    }

    // ------------------------------------------------------------ linear history

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_gap_in_versions_fails_and_a_closed_sequence_passes(Engine engine) {
        CheckResult gap = result(run(engine, "checks/gap/bad", Checks::linearHistory, options()), "no gaps");
        assertThat(gap.failed()).isTrue();
        assertThat(gap.message()).contains("version(s) 3 missing between 2 and 4", "@AllowGaps(\"3\")", "allowGaps(\"3\")");

        CheckResult allowed = result(run(engine, "checks/gap/bad", Checks::linearHistory,
                options().toBuilder().allowGaps("3").build()), "no gaps");
        assertThat(allowed.passed()).isTrue();

        CheckResult fixed = result(run(engine, "checks/gap/good", Checks::linearHistory, options()), "no gaps");
        assertThat(fixed.passed()).isTrue();
        assertThat(fixed.message()).isEqualTo("3 versions from 1 to 3, none missing");
    }

    @Test
    void two_files_with_one_version_fail_naming_both() {
        CheckResult unique = result(run(Engine.POSTGRES, "checks/duplicate", Checks::linearHistory, options()),
                "unique versions");

        assertThat(unique.failed()).isTrue();
        assertThat(unique.message()).contains("next free version (3)");
        assertThat(unique.details()).singleElement().asString()
                .contains("V2:", "V2__Create_b.sql", "V2__Create_c.sql");
    }

    @Test
    void versions_flyway_takes_as_one_are_duplicates_even_when_spelled_apart() {
        CheckResult unique = result(run(Engine.POSTGRES, "checks/duplicate-dotted", Checks::linearHistory, options()),
                "unique versions");

        assertThat(unique.failed()).isTrue();
        assertThat(unique.details()).singleElement().asString()
                .contains("V1 = V1.0 (one version to Flyway):", "V1__Create_a.sql", "V1.0__Create_b.sql");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void an_edited_applied_migration_fails_against_the_baseline(Engine engine) {
        CheckResult first = result(run(engine, "checks/history/base", Checks::linearHistory, options()), "matches baseline");
        assertThat(first.passed()).isTrue();
        assertThat(first.message()).contains("no baseline yet: wrote");
        assertThat(files.resolve("baseline-" + engine.key() + ".json")).exists();

        CheckResult edited = result(run(engine, "checks/history/edited", Checks::linearHistory, options()),
                "matches baseline");
        assertThat(edited.failed()).isTrue();
        assertThat(edited.details()).singleElement().asString()
                .contains("V1 (V1__Create_customers.sql) was edited after it was applied", "revert the edit");

        CheckResult unchanged = result(run(engine, "checks/history/base", Checks::linearHistory, options()),
                "matches baseline");
        assertThat(unchanged.passed()).isTrue();
    }

    @Test
    void a_new_version_below_the_baseline_fails() {
        run(Engine.POSTGRES, "checks/history/base", Checks::linearHistory, options());

        CheckResult lower = result(run(Engine.POSTGRES, "checks/history/lower", Checks::linearHistory, options()),
                "matches baseline");

        assertThat(lower.failed()).isTrue();
        assertThat(lower.details()).singleElement().asString()
                .contains("V1.5 (V1_5__Index_names.sql) is new but lower than V2", "renumber it above 2");
    }

    @Test
    void baseline_checksums_are_the_ones_flyway_records() throws Exception {
        run(Engine.POSTGRES, "checks/history/base", Checks::linearHistory, options());
        String baseline = Files.readString(files.resolve("baseline-postgres.json"));
        try (TestDatabase db = TestServers.of(Engine.POSTGRES).createDatabase()) {
            Migrator.configure(db).locations("classpath:checks/history/base").load().migrate();
            List<Integer> recorded = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT checksum FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")
                    .mapTo(Integer.class).list());
            assertThat(recorded).hasSize(2).allSatisfy(c -> assertThat(baseline).contains("\"checksum\" : " + c));
        }
    }

    @Test
    void a_broken_baseline_is_a_clear_error() throws Exception {
        Files.writeString(files.resolve("baseline-postgres.json"), "{ \"migrations\": [ {\"version\": ");

        assertThatThrownBy(() -> run(Engine.POSTGRES, "checks/history/base", Checks::linearHistory, options()))
                .isInstanceOf(MigratestException.class)
                .hasMessageContaining("baseline-postgres.json cannot be read")
                .hasMessageContaining("-Dmigratest.updateBaseline=true");
    }

    // ------------------------------------------------------------ data survives

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_step_that_drops_rows_fails_unless_declared(Engine engine) {
        CheckResult bad = run(engine, "checks/dataloss/bad", Checks::dataSurvives, options()).get(1);
        assertThat(bad.failed()).isTrue();
        assertThat(bad.message()).contains("V2 (V2__Amounts_in_cents.sql) lost rows in 1 table(s)",
                "@AllowDataLoss(version = \"2\", table = \"orders\")");
        assertThat(bad.details().get(0)).contains("table orders: 5 rows before, 0 after", "key(s) missing, first: id=");

        CheckResult declared = run(engine, "checks/dataloss/bad", Checks::dataSurvives,
                options().toBuilder().allowDataLoss("2", "orders").build()).get(1);
        assertThat(declared.passed()).isTrue();

        List<CheckResult> fixed = run(engine, "checks/dataloss/good", Checks::dataSurvives, options());
        assertThat(fixed).allMatch(CheckResult::passed);
        assertThat(fixed.get(1).message()).contains("10 rows in 2 tables before, none lost");
    }

    @Test
    void the_results_go_to_the_report_given_under_its_scope() {
        Report run = Report.create();
        Report.Scope scope = new Report.Scope("ShopMigrationTest", "POSTGRES");
        try (TestDatabase db = TestServers.of(Engine.POSTGRES).createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations("classpath:checks/dataloss/bad").load();
            for (CheckStep step : Checks.on(db, migrator, options(), run.in(scope)).dataSurvives()) {
                step.run();
            }
        }

        assertThat(run.sections()).singleElement().satisfies(section -> {
            assertThat(section.scope()).isEqualTo(scope);
            assertThat(section.outcomes()).extracting(Outcome::subject, Outcome::status)
                    .containsExactly(tuple("V1 Create shop", Outcome.Status.PASSED),
                            tuple("V2 Amounts in cents", Outcome.Status.FAILED));
            assertThat(section.rowCounts()).contains(new Report.RowCount("V2", "orders", 5L, 0L));
        });
    }

    // ------------------------------------------------------------ undo

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void an_undo_that_leaves_a_column_fails_with_the_schema_diff(Engine engine) {
        List<CheckResult> bad = run(engine, "checks/undo/bad", Checks::undoRoundTrip, options());
        assertThat(bad).singleElement().satisfies(r -> {
            assertThat(r.failed()).isTrue();
            assertThat(r.message()).contains("U2__Add_author_and_pinned.sql does not undo V2");
            assertThat(r.details()).anyMatch(line -> line.startsWith("+  column pinned"));
        });

        List<CheckResult> good = run(engine, "checks/undo/good", Checks::undoRoundTrip, options());
        assertThat(good).singleElement().satisfies(r -> {
            assertThat(r.passed()).as(r.fullMessage()).isTrue();
            assertThat(r.message()).contains("restores the schema of V1, and V2 applies again");
        });
    }

    @Test
    void without_undo_scripts_the_check_is_skipped() {
        assertThat(run(Engine.POSTGRES, "checks/gap/good", Checks::undoRoundTrip, options()))
                .singleElement().extracting(CheckResult::status).isEqualTo(Outcome.Status.SKIPPED);
    }

    // ------------------------------------------------------------ snapshot

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_drifted_schema_fails_with_a_diff_and_the_switch_rewrites_the_snapshot(Engine engine) throws Exception {
        CheckResult written = run(engine, "checks/snapshot/base", Checks::schemaMatchesSnapshot, options()).get(0);
        assertThat(written.message()).contains("no snapshot yet: wrote");
        Path snapshot = files.resolve("schema-" + engine.key() + ".txt");
        assertThat(Files.readString(snapshot)).startsWith(Schema.HEADER);
        assertThat(Files.readString(snapshot).toLowerCase(java.util.Locale.ROOT))
                .contains("table orders", "foreign key", "references customers");

        assertThat(run(engine, "checks/snapshot/base", Checks::schemaMatchesSnapshot, options()).get(0).passed()).isTrue();

        CheckResult drifted = run(engine, "checks/snapshot/drifted", Checks::schemaMatchesSnapshot, options()).get(0);
        assertThat(drifted.failed()).isTrue();
        assertThat(drifted.message()).contains("differs from the snapshot", "-Dmigratest.updateSnapshots=true");
        assertThat(drifted.details()).anyMatch(l -> l.startsWith("+  column phone"))
                .anyMatch(l -> l.startsWith("+  index orders_placed_on"));

        run(engine, "checks/snapshot/drifted", Checks::schemaMatchesSnapshot,
                options().toBuilder().updateSnapshots(true).build());
        assertThat(Files.readString(snapshot)).contains("column phone");
    }

    @Test
    void a_missing_snapshot_fails_in_ci_and_a_broken_one_is_a_clear_error() throws Exception {
        CheckResult missing = run(Engine.POSTGRES, "checks/snapshot/base", Checks::schemaMatchesSnapshot,
                options().toBuilder().failOnMissingFiles(true).build()).get(0);
        assertThat(missing.failed()).isTrue();
        assertThat(missing.message()).contains("no schema snapshot at", "commit one");

        Files.writeString(files.resolve("schema-postgres.txt"), "<<<<<<< HEAD\ntable x\n");
        assertThatThrownBy(() -> run(Engine.POSTGRES, "checks/snapshot/base", Checks::schemaMatchesSnapshot, options()))
                .isInstanceOf(MigratestException.class)
                .hasMessageContaining("schema-postgres.txt is broken")
                .hasMessageContaining("-Dmigratest.updateSnapshots=true");
    }

    // ------------------------------------------------------------ lock rehearsal

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_migration_holding_an_exclusive_lock_for_half_a_second_reports_that_wait(Engine engine) {
        CheckOptions budget = options().toBuilder().lockBudgetMillis(200).build();

        CheckResult blocking = run(engine, "checks/lock/blocking/{vendor}", Checks::lockRehearsal, budget).get(1);
        assertThat(blocking.failed()).as(blocking.fullMessage()).isTrue();
        assertThat(blocking.measurements().get("maxWriteWaitMillis")).isBetween(450L, 3_000L);
        assertThat(blocking.message()).contains("blocked writes to accounts for", "over the budget of 200 ms");

        CheckResult fine = run(engine, "checks/lock/good", Checks::lockRehearsal, budget).get(1);
        assertThat(fine.passed()).as(fine.fullMessage()).isTrue();
        assertThat(fine.measurements().get("maxWriteWaitMillis")).isLessThan(200L);
    }

    // ------------------------------------------------------------ schema reading

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void the_schema_text_leaves_out_flyways_history_and_names_keys(Engine engine) {
        try (TestDatabase db = TestServers.of(engine).createDatabase()) {
            Migrator.configure(db).locations("classpath:checks/dataloss/good").load().migrate();

            Schema schema = Schema.read(db);

            assertThat(schema.tables()).extracting(Schema.Table::name).containsExactly("customers", "orders");
            assertThat(schema.table("orders").orElseThrow().primaryKey()).containsExactly("id");
            assertThat(schema.table("orders").orElseThrow().foreignKeys()).singleElement()
                    .satisfies(fk -> assertThat(fk.referencedTable()).isEqualTo("customers"));
            assertThat(schema.toText()).contains("column name " + (engine == Engine.POSTGRES
                    ? "character varying(50) not null" : "varchar(50) not null"));
        }
    }

    private CheckOptions options() {
        return TestCheckOptions.in(files).build();
    }

    @Test
    void in_ci_a_missing_snapshot_fails_instead_of_being_written() {
        CheckOptions ci = options().toBuilder().failOnMissingFiles(true).build();

        CheckResult missing = run(Engine.POSTGRES, "checks/snapshot/base", Checks::schemaMatchesSnapshot, ci).get(0);

        assertThat(missing.passed()).isFalse();
        assertThat(missing.message()).contains("no schema snapshot at").contains("-Dmigratest.updateSnapshots=true");
        assertThat(files.resolve("schema-postgres.txt")).doesNotExist();
    }

    private static List<CheckResult> run(Engine engine, String location, Function<Checks, List<CheckStep>> check,
            CheckOptions options) {
        try (TestDatabase db = TestServers.of(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations("classpath:" + location).load();
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
