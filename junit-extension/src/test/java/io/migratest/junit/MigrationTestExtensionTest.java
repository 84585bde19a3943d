package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.fixture.FixtureLoadException;
import io.migratest.migrate.MigrationFailedException;
import io.migratest.migrate.Migrator;
import io.migratest.report.Outcome;
import io.migratest.report.Report;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small {@code @MigrationTest} classes through the JUnit engine and checks what a user
 * would see: which tests passed, and the exact failure messages.
 */
class MigrationTestExtensionTest {

    @Test
    void each_test_gets_its_own_empty_database_and_the_engine_in_its_display_name() {
        EngineExecutionResults results = run(IsolationCase.class);

        results.containerEvents().assertThatEvents()
                .haveExactly(1, event(container(displayName("[POSTGRES]")), finishedSuccessfully()));
        assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
        assertThat(results.testEvents().failed().count()).isZero();
    }

    @Test
    void seeds_load_csv_and_sql_at_their_versions_with_nulls_and_empty_strings() {
        Events tests = run(SeedCase.class).testEvents();

        assertThat(tests.succeeded().count()).isEqualTo(2);
        assertThat(tests.failed().count()).isZero();
    }

    @Test
    void a_failing_migration_names_the_script_the_statement_and_the_database_error() {
        Events tests = run(BrokenMigrationCase.class).testEvents();

        tests.assertThatEvents().haveExactly(1, event(test("migrate"), finishedWithFailure(
                instanceOf(MigrationFailedException.class),
                message(m -> m.contains("Migration V2__Add_price.sql (version 2) failed on POSTGRES database migratest_")
                        && m.contains("line: 2")
                        && m.contains("statement: ALTER TABLE items ADD COLUMN price DECIMALL(10, 2)")
                        && m.contains("type \"decimall\" does not exist")
                        && m.contains("migratest_")))));
    }

    @Test
    void an_unknown_seed_file_names_the_file_and_where_to_put_it() {
        failsWith(UnknownFixtureCase.class, FixtureLoadException.class,
                "fixtures/nowhere.csv: no such fixture on the class path",
                "src/test/resources/fixtures/nowhere.csv");
    }

    @Test
    void a_csv_column_the_table_lacks_names_file_line_column_and_the_table_columns() {
        failsWith(BadColumnCase.class, FixtureLoadException.class,
                "ext/fixtures/items_bad_column.csv line 1: table items has no column 'lable'",
                "[id, label, price]");
    }

    @Test
    void a_csv_row_with_the_wrong_field_count_names_file_and_line() {
        failsWith(BadFieldCountCase.class, FixtureLoadException.class,
                "ext/fixtures/items_bad_count.csv line 3: table items: 2 fields, but the header names 3 columns");
    }

    @Test
    void a_csv_value_of_the_wrong_type_names_file_line_column_and_value() {
        failsWith(BadValueCase.class, FixtureLoadException.class,
                "ext/fixtures/items_bad_value.csv line 2: table items, column 'price', value 'cheap': expected a number");
    }

    @Test
    void a_failing_sql_fixture_names_file_and_line_and_loads_none_of_its_rows() {
        failsWith(BadSqlCase.class, FixtureLoadException.class,
                "ext/fixtures/bad.sql line 3:", "relation \"itemz\" does not exist",
                "statement: INSERT INTO itemz (id, label) VALUES (11, 'typo')");
    }

    @Test
    void seeding_below_the_current_version_says_why_it_cannot() {
        failsWith(SeedDownwardsCase.class, io.migratest.MigratestException.class,
                "Cannot migrate", "to version 1: it is already at version 2");
    }

    @Test
    void an_empty_engine_list_is_a_configuration_error() {
        Events events = run(NoEnginesCase.class).allEvents();

        events.assertThatEvents().haveExactly(1, event(container(), finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class), message(m -> m.contains("lists no engines")))));
    }

    @Test
    void a_database_cannot_be_injected_into_a_constructor() {
        Events events = run(ConstructorInjectionCase.class).allEvents();

        events.assertThatEvents().haveAtLeastOne(event(finishedWithFailure(
                instanceOf(ParameterResolutionException.class),
                message(m -> m.contains("can be a parameter of @Test and @BeforeEach/@AfterEach methods only")))));
    }

    @Test
    void an_engine_the_provider_cannot_run_is_skipped_with_what_to_configure() {
        // CI sets MIGRATEST_REQUIRE_ENGINES; a system property outranks it for this one run.
        String previous = System.setProperty("migratest.requireEngines", "false");
        Events tests;
        try {
            tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(UnavailableEngineCase.class))
                    .configurationParameter("migratest.provider", "embedded")
                    .execute().testEvents();
        } finally {
            if (previous == null) {
                System.clearProperty("migratest.requireEngines");
            } else {
                System.setProperty("migratest.requireEngines", previous);
            }
        }

        assertThat(tests.aborted().count()).isEqualTo(1);
        assertThat(tests.aborted().list().get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow().getMessage())
                .contains("MARIADB is not available, test skipped")
                .contains("the embedded provider runs PostgreSQL only")
                .contains("migratest.requireEngines=true");
    }

    @Test
    void with_require_engines_an_engine_that_cannot_run_fails_the_test() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(UnavailableEngineCase.class))
                .configurationParameter("migratest.provider", "embedded")
                .configurationParameter("migratest.requireEngines", "true")
                .execute().testEvents();

        tests.assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
                message(m -> m.contains("migratest.requireEngines is set, so this fails instead of skipping")))));
    }

    @Test
    void tests_running_in_parallel_do_not_see_each_other() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ParallelCase.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .execute().testEvents();

        assertThat(tests.succeeded().count()).isEqualTo(8);
        assertThat(tests.failed().count()).isZero();
    }

    @Test
    void cloned_and_rebuilt_databases_hold_the_same_seeded_state() {
        Events cloned = run(SeedCase.class).testEvents();
        Events rebuilt = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SeedCase.class))
                .configurationParameter("migratest.isolation", "migrate")
                .execute().testEvents();

        assertThat(cloned.succeeded().count()).isEqualTo(2);
        assertThat(rebuilt.succeeded().count()).isEqualTo(2);
    }

    private static void failsWith(Class<?> testClass, Class<? extends Throwable> type, String... fragments) {
        Events tests = run(testClass).testEvents();
        tests.assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(instanceOf(type),
                message(m -> List.of(fragments).stream().allMatch(m::contains)))));
    }

    @Test
    void a_test_may_take_the_report_which_records_under_its_class_and_engine(@TempDir Path reportDir) throws IOException {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ReportCase.class))
                .configurationParameter("migratest.reportDir", reportDir.toString()).execute().testEvents();

        assertThat(tests.succeeded().count()).isEqualTo(1);
        assertThat(Files.readString(reportDir.resolve("report.md"), StandardCharsets.UTF_8))
                .contains("MigrationTestExtensionTest$ReportCase · POSTGRES")
                .contains("| ✅ | every item kept |  | 3 of 3 rows |");
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    // ---- the cases, run only through EngineTestKit ----

    @MigrationTest(locations = "classpath:ext/simple")
    static class ReportCase {

        @Test
        void records_an_outcome(Report report) {
            assertThat(report.scope()).isEqualTo(new Report.Scope(ReportCase.class.getName(), "POSTGRES"));
            report.record(new Outcome("assertion", "every item kept", "", Outcome.Status.PASSED, "3 of 3 rows", List.of(), null));
        }
    }

    @MigrationTest(locations = "classpath:ext/simple")
    static class IsolationCase {

        @Test
        void first(Migrator migrator, Jdbi jdbi) {
            migrator.migrate();
            jdbi.useHandle(h -> h.execute("INSERT INTO items (id, label) VALUES (1, 'only mine')"));
            assertThat(count(jdbi)).isEqualTo(1);
        }

        @Test
        void second(Migrator migrator, Jdbi jdbi) {
            assertThat(migrator.currentVersion()).isEmpty();
            migrator.migrate();
            assertThat(count(jdbi)).isZero();
        }

        @Test
        void parameters_point_at_the_same_database(TestDatabase database, javax.sql.DataSource dataSource,
                Engine engine) throws Exception {
            assertThat(engine).isEqualTo(Engine.POSTGRES);
            try (var connection = dataSource.getConnection()) {
                assertThat(connection.getCatalog()).isEqualTo(database.name());
            }
        }
    }

    @MigrationTest(locations = "classpath:ext/twostep")
    @Seed(atVersion = "1", value = "ext/fixtures/items.csv")
    static class SeedCase {

        @Test
        void class_seed_loads_nulls_and_empty_strings(Jdbi jdbi, Migrator migrator) {
            assertThat(migrator.currentVersion()).hasValue("1");
            List<Map<String, Object>> rows = jdbi.withHandle(h ->
                    h.createQuery("SELECT id, label, price FROM items ORDER BY id").mapToMap().list());
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0)).containsEntry("label", "apple").containsEntry("price", new BigDecimal("0.50"));
            assertThat(rows.get(1)).containsEntry("label", "pear, green").containsEntry("price", null);
            assertThat(rows.get(2)).containsEntry("label", "");
        }

        @Test
        @Seed(atVersion = "2", value = "ext/fixtures/tags.sql")
        void method_seed_follows_at_a_later_version(Jdbi jdbi, Migrator migrator) {
            assertThat(migrator.currentVersion()).hasValue("2");
            long tags = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tags").mapTo(Long.class).one());
            assertThat(tags).isEqualTo(2);
        }
    }

    @MigrationTest(locations = "classpath:ext/broken")
    static class BrokenMigrationCase {

        @Test
        void migrate(Migrator migrator) {
            migrator.migrate();
        }
    }

    @MigrationTest(locations = "classpath:ext/simple")
    static class UnknownFixtureCase {

        @Test
        @Seed(atVersion = "1", value = "fixtures/nowhere.csv")
        void seeded() {
        }
    }

    @MigrationTest(locations = "classpath:ext/simple")
    static class BadColumnCase {

        @Test
        @Seed(atVersion = "1", value = "ext/fixtures/items_bad_column.csv", table = "items")
        void seeded() {
        }
    }

    @MigrationTest(locations = "classpath:ext/simple")
    static class BadFieldCountCase {

        @Test
        @Seed(atVersion = "1", value = "ext/fixtures/items_bad_count.csv", table = "items")
        void seeded() {
        }
    }

    @MigrationTest(locations = "classpath:ext/simple")
    static class BadValueCase {

        @Test
        @Seed(atVersion = "1", value = "ext/fixtures/items_bad_value.csv", table = "items")
        void seeded() {
        }
    }

    @MigrationTest(locations = "classpath:ext/simple")
    static class BadSqlCase {

        @Test
        @Seed(atVersion = "1", value = "ext/fixtures/bad.sql")
        void seeded() {
        }
    }

    @MigrationTest(locations = "classpath:ext/twostep")
    static class SeedDownwardsCase {

        @Test
        @Seed(atVersion = "2", value = "ext/fixtures/items.csv")
        @Seed(atVersion = "1", value = "ext/fixtures/tags.sql")
        void seeded() {
        }
    }

    @MigrationTest(engines = {})
    static class NoEnginesCase {

        @Test
        void never_runs() {
        }
    }

    @MigrationTest(locations = "classpath:ext/simple")
    static class ConstructorInjectionCase {

        private final Jdbi jdbi;

        ConstructorInjectionCase(Jdbi jdbi) {
            this.jdbi = jdbi;
        }

        @Test
        void never_runs() {
            assertThat(jdbi).isNotNull();
        }
    }

    @MigrationTest(engines = Engine.MARIADB, locations = "classpath:ext/simple")
    static class UnavailableEngineCase {

        @Test
        void needs_mariadb(Migrator migrator) {
            migrator.migrate();
        }
    }

    @MigrationTest(locations = "classpath:ext/simple")
    @Seed(atVersion = "1", value = "ext/fixtures/items.csv")
    static class ParallelCase {

        private void insertAndCount(Jdbi jdbi, int id) {
            jdbi.useHandle(h -> h.execute("INSERT INTO items (id, label) VALUES (?, 'mine')", id));
            assertThat(count(jdbi)).isEqualTo(4);
        }

        @BeforeEach
        void starts_from_the_seed(Jdbi jdbi) {
            assertThat(count(jdbi)).isEqualTo(3);
        }

        @Test void t1(Jdbi jdbi) { insertAndCount(jdbi, 101); }
        @Test void t2(Jdbi jdbi) { insertAndCount(jdbi, 102); }
        @Test void t3(Jdbi jdbi) { insertAndCount(jdbi, 103); }
        @Test void t4(Jdbi jdbi) { insertAndCount(jdbi, 104); }
        @Test void t5(Jdbi jdbi) { insertAndCount(jdbi, 105); }
        @Test void t6(Jdbi jdbi) { insertAndCount(jdbi, 106); }
        @Test void t7(Jdbi jdbi) { insertAndCount(jdbi, 107); }
        @Test void t8(Jdbi jdbi) { insertAndCount(jdbi, 108); }
    }

    static long count(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM items").mapTo(Long.class).one());
    }
}
