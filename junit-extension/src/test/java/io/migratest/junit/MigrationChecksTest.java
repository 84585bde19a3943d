package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.uniqueIdSubstring;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.migratest.check.CheckOptions;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** {@link MigrationChecks} through the engine: the tests it makes, their failures, and the report. */
class MigrationChecksTest {

    private static final String SERVER_URL =
            System.getProperty("migratest.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/") + "postgres";

    @TempDir
    Path reportDir;

    @Test
    void a_migration_that_drops_rows_fails_the_data_survives_test_of_its_version() {
        Events tests = run(DataLossCase.class).testEvents();

        tests.assertThatEvents()
                .haveExactly(1, event(uniqueIdSubstring("dataSurvives"), displayName("data survives · V1 Create shop [POSTGRES]"), finishedSuccessfully()))
                .haveExactly(1, event(uniqueIdSubstring("dataSurvives"), displayName("data survives · V2 Amounts in cents [POSTGRES]"), finishedWithFailure(instanceOf(AssertionError.class),
                        message(m -> m.startsWith("data survives [V2 Amounts in cents]: V2 (V2__Amounts_in_cents.sql)"
                                + " lost rows in 1 table(s)")
                                && m.contains("@AllowDataLoss(version = \"2\", table = \"orders\")")
                                && m.contains("table orders: 5 rows before, 0 after")))));
    }

    @Test
    void every_check_is_a_test_with_one_dynamic_test_per_version_where_it_fits() {
        Events containers = run(FixedCase.class).containerEvents();
        Events tests = run(FixedCase.class).testEvents();

        assertThat(containers.succeeded().map(e -> e.getTestDescriptor().getDisplayName()))
                .contains("applies from empty", "linear history", "data survives", "undo round trip",
                        "schema matches snapshot", "lock rehearsal", "[POSTGRES]");
        assertThat(tests.failed().count()).as("failures: %s", tests.failed().list()).isZero();
        // applies from empty, data survives and lock rehearsal: 2 versions each; history: 3 steps; snapshot: 1
        assertThat(tests.succeeded().count()).isEqualTo(2 + 2 + 2 + 3 + 1);
        assertThat(tests.skipped().count() + tests.aborted().count()).isEqualTo(1);
    }

    @Test
    void the_checks_of_a_class_create_one_database_per_engine_and_drop_it_after_the_class() throws Exception {
        OneDatabaseCase.seen.clear();
        // the server provider on the machine's PostgreSQL, which outlives the run and so can be asked afterwards
        Events tests = runOnServer(OneDatabaseCase.class, reportDir.resolve("verdicts"));

        assertThat(tests.failed().count()).as("failures: %s", tests.failed().list()).isZero();
        // every factory: applies from empty, linear history, data survives, undo, snapshot, lock rehearsal
        assertThat(OneDatabaseCase.seen).hasSize(6);
        assertThat(OneDatabaseCase.seen.stream().map(System::identityHashCode).distinct()).hasSize(1);
        TestDatabase database = OneDatabaseCase.seen.get(0);
        var named = java.util.regex.Pattern.compile("POSTGRES database (migratest_[a-z0-9]+_[0-9]+) ")
                .matcher(database.toString());
        assertThat(named.find()).as("the pass ran on it: %s", database).isTrue();
        try (var connection = java.sql.DriverManager.getConnection(SERVER_URL, "postgres", "");
                var query = connection.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            query.setString(1, named.group(1));
            try (var rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).as("%s dropped with the class", named.group(1)).isZero();
            }
        }
    }

    @Test
    void a_class_whose_every_verdict_is_reused_creates_no_database(@TempDir Path verdicts) {
        isolated("reused"); // no snapshot nor baseline yet: the first run writes them, the second compares
        String previous = System.setProperty("migratest.checks.reuse", "true");
        try {
            OneDatabaseCase.seen.clear();
            Events first = runOnServer(ReusedCase.class, verdicts);
            assertThat(first.failed().count()).as("failures: %s", first.failed().list()).isZero();
            assertThat(OneDatabaseCase.seen.get(0).toString()).doesNotContain("not created");

            // linear history wrote its baseline in the first run, so its verdict is kept from the second
            assertThat(runOnServer(ReusedCase.class, verdicts).failed().count()).isZero();
            OneDatabaseCase.seen.clear();
            Events second = runOnServer(ReusedCase.class, verdicts);
            assertThat(second.failed().count()).as("failures: %s", second.failed().list()).isZero();
            assertThat(second.succeeded().map(e -> e.getTestDescriptor().getDisplayName()))
                    .isNotEmpty().allMatch(name -> name.endsWith(" (reused) [POSTGRES]"));
            assertThat(OneDatabaseCase.seen).hasSize(6);
            assertThat(OneDatabaseCase.seen.get(0).toString()).as("no check ran, so no database")
                    .contains("not created");
        } finally {
            if (previous == null) {
                System.clearProperty("migratest.checks.reuse");
            } else {
                System.setProperty("migratest.checks.reuse", previous);
            }
        }
    }

    private Events runOnServer(Class<?> testClass, Path verdicts) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass))
                .configurationParameter("migratest.reportDir", reportDir.toString())
                .configurationParameter("migratest.checks.reuseDir", verdicts.toString())
                .configurationParameter("migratest.provider", "server")
                .configurationParameter("migratest.postgres.url", SERVER_URL)
                .configurationParameter("migratest.postgres.user", "postgres")
                .execute().testEvents();
    }

    @Test
    void a_broken_migration_is_one_failed_test_per_check_that_depends_on_it() {
        Events tests = run(BrokenCase.class).testEvents();

        for (String factory : List.of("appliesFromEmpty", "dataSurvives", "lockRehearsal", "schemaMatchesSnapshot")) {
            assertThat(tests.failed().filter(e -> e.getTestDescriptor().getUniqueId().toString().contains(factory)).count())
                    .as("failed tests of %s: %s", factory, tests.failed().list()).isEqualTo(1);
        }
        assertThat(tests.failed().count()).as("failures: %s", tests.failed().list()).isEqualTo(4);
        tests.assertThatEvents().haveExactly(1, event(uniqueIdSubstring("appliesFromEmpty"),
                displayName("applies from empty · V2 Add typo [POSTGRES]"), finishedWithFailure(message(m -> m.contains(
                        "V2 (V2__Add_typo.sql) does not apply on a database at version 1")))));
    }

    @Test
    void a_declared_loss_passes() {
        Events tests = run(DeclaredLossCase.class).testEvents();

        tests.assertThatEvents().haveExactly(1, event(uniqueIdSubstring("dataSurvives"), displayName("data survives · V2 Amounts in cents [POSTGRES]"),
                finishedSuccessfully()));
        assertThat(tests.failed().count()).isZero();
    }

    @Test
    void a_migration_holding_a_lock_over_the_budget_fails_the_lock_rehearsal() {
        Events tests = run(LockCase.class).testEvents();

        tests.assertThatEvents().haveExactly(1, event(uniqueIdSubstring("lockRehearsal"), displayName("lock rehearsal · V2 Rewrite accounts [POSTGRES]"),
                finishedWithFailure(message(m -> m.startsWith("lock rehearsal [V2 Rewrite accounts]:")
                        && m.contains("blocked writes to accounts for") && m.contains("over the budget of 200 ms")))));
    }

    @Test
    void the_report_of_a_failing_run_shows_the_failure_and_the_row_counts() throws IOException {
        run(DataLossCase.class);

        String markdown = Files.readString(reportDir.resolve("report.md"), StandardCharsets.UTF_8);
        assertThat(markdown)
                .contains("# Migratest report")
                .contains("## ❌ MigrationChecksTest$DataLossCase · POSTGRES")
                .contains("### ❌ data survives · V2 Amounts in cents")
                .contains("lost rows in 1 table(s)")
                .contains("table orders: 5 rows before, 0 after")
                .contains("| V2 | orders | 5 | **0** |")
                .contains("| 2 | Amounts in cents |");
        String json = Files.readString(reportDir.resolve("report.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("\"testClass\" : \"io.migratest.junit.MigrationChecksTest$DataLossCase\"",
                "\"status\" : \"FAILED\"");
    }

    private org.junit.platform.testkit.engine.EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .configurationParameter("migratest.reportDir", reportDir.toString())
                .execute();
    }

    /** Baseline and snapshots of the cases go to target/, fresh for each case, never to src/. */
    static CheckOptions isolated(String name) {
        Path dir = Paths.get("target", "check-cases", name);
        try {
            for (Engine engine : Engine.values()) {
                Files.deleteIfExists(dir.resolve("baseline-" + engine.key() + ".json"));
                Files.deleteIfExists(dir.resolve("schema-" + engine.key() + ".txt"));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return CheckOptions.builder(Settings.of()).baselineFile(dir.resolve("baseline.json")).snapshotDirectory(dir)
                .outputDirectory(dir.resolve("out"))
                // These cases start without committed files: write them, as on a developer's machine.
                .failOnMissingFiles(false).build();
    }

    @MigrationTest(locations = "classpath:checks/dataloss/bad")
    static class DataLossCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return isolated("dataloss");
        }
    }

    @MigrationTest(locations = "classpath:checks/dataloss/bad")
    @AllowDataLoss(version = "2", table = "orders")
    static class DeclaredLossCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return isolated("declared");
        }
    }

    @MigrationTest(locations = "classpath:checks/broken")
    static class BrokenCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return isolated("broken");
        }
    }

    @MigrationTest(locations = "classpath:checks/dataloss/good")
    static class FixedCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return isolated("fixed");
        }
    }

    @MigrationTest(locations = "classpath:checks/dataloss/good")
    static class OneDatabaseCase implements MigrationChecks {
        static final List<TestDatabase> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public CheckOptions checkOptions() {
            return isolated("one-database");
        }

        @AfterEach
        void remember(TestDatabase database) {
            seen.add(database);
        }
    }

    /** As {@link OneDatabaseCase}, its committed files kept from one run to the next. */
    @MigrationTest(locations = "classpath:checks/dataloss/good")
    static class ReusedCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            Path dir = Paths.get("target", "check-cases", "reused");
            return CheckOptions.builder(Settings.of()).baselineFile(dir.resolve("baseline.json")).snapshotDirectory(dir)
                    .outputDirectory(dir.resolve("out")).failOnMissingFiles(false).build();
        }

        @AfterEach
        void remember(TestDatabase database) {
            OneDatabaseCase.seen.add(database);
        }
    }

    @MigrationTest(locations = "classpath:checks/lock/blocking/{vendor}")
    @LockBudget(millis = 200)
    static class LockCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return isolated("lock");
        }
    }
}
