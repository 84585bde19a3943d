package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.uniqueIdSubstring;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.migratest.check.CheckOptions;
import io.migratest.migrate.FlywayCustomizer;
import io.migratest.migrate.Migrator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The project's Flyway settings and the step bound reach every migrator of a {@code @MigrationTest}. */
class ProjectFlywayTest {

    @TempDir
    Path reportDir;

    @Test
    void create_index_concurrently_passes_every_check_out_of_the_box() {
        Events tests = run(ConcurrentlyCase.class).testEvents();

        assertThat(tests.failed().list()).as("failures: %s", tests.failed().list()).isEmpty();
        assertThat(tests.succeeded().count()).isPositive();
    }

    @Test
    void the_flyway_hook_reaches_the_test_and_the_checks() {
        Events tests = run(HookCase.class).testEvents();

        assertThat(tests.failed().list()).as("failures: %s", tests.failed().list()).isEmpty();
        assertThat(tests.succeeded().count()).isPositive();
    }

    @Test
    void a_step_that_hangs_fails_after_its_bound_with_the_holder_and_the_report_is_written() throws Exception {
        Events tests = run(TransactionalLockCase.class, "3").testEvents();

        tests.assertThatEvents().haveAtLeastOne(event(uniqueIdSubstring("appliesFromEmpty"),
                finishedWithFailure(message(m -> m.contains("V2__index.sql")
                        && m.contains("passed its bound of 3 s (migratest.migrationStepTimeoutSeconds)")
                        && m.contains("CREATE INDEX CONCURRENTLY i ON t (c)")
                        && m.contains("=> set flyway.postgresql.transactional.lock=false")))));
        String markdown = Files.readString(reportDir.resolve("report.md"), StandardCharsets.UTF_8);
        assertThat(markdown).contains("TransactionalLockCase", "flyway.postgresql.transactional.lock=false");
    }

    @Test
    void a_hook_that_cannot_be_made_is_a_configuration_error() {
        run(UnusableHookCase.class).containerEvents().assertThatEvents().haveAtLeastOne(
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                        message(m -> m.contains("@MigrationTest(flyway = InnerHook.class)")
                                && m.contains("give a concrete, non-inner class"))));
    }

    private EngineExecutionResults run(Class<?> testClass) {
        // a hang fails in a minute instead of never
        return run(testClass, "60");
    }

    private EngineExecutionResults run(Class<?> testClass, String stepTimeoutSeconds) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .configurationParameter("migratest.reportDir", reportDir.toString())
                .configurationParameter("migratest.migrationStepTimeoutSeconds", stepTimeoutSeconds)
                .execute();
    }

    @MigrationTest(locations = "classpath:checks/concurrently")
    static class ConcurrentlyCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return MigrationChecksTest.isolated("concurrently");
        }
    }

    public static class HookedHistoryTable implements FlywayCustomizer {
        @Override
        public void customize(FluentConfiguration flyway) {
            flyway.table("hooked_history");
        }
    }

    @MigrationTest(locations = "classpath:checks/concurrently", flyway = HookedHistoryTable.class)
    static class HookCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return MigrationChecksTest.isolated("hooked");
        }

        @Test
        void migrates_into_the_hooked_history_table(Migrator migrator, Jdbi jdbi) {
            migrator.migrate();
            int rows = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM hooked_history")
                    .mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(2);
        }

        @Test
        @Seed(atVersion = "1", value = "checks/concurrently-fixtures/t.csv")
        void seeds_through_the_hooked_history_table(Jdbi jdbi) {
            int applied = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM hooked_history WHERE success")
                    .mapTo(Integer.class).one());
            int seeded = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM t").mapTo(Integer.class).one());
            assertThat(applied).isEqualTo(1);
            assertThat(seeded).isEqualTo(2 + 2);
        }
    }

    /** Flyway's own default, which makes CREATE INDEX CONCURRENTLY wait on Flyway's lock connection. */
    public static class TransactionalLock implements FlywayCustomizer {
        @Override
        public void customize(FluentConfiguration flyway) {
            flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(true);
        }
    }

    @MigrationTest(locations = "classpath:checks/concurrently", flyway = TransactionalLock.class)
    static class TransactionalLockCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return MigrationChecksTest.isolated("transactional-lock");
        }
    }

    class InnerHook implements FlywayCustomizer {
        @Override
        public void customize(FluentConfiguration flyway) {
        }
    }

    @MigrationTest(flyway = InnerHook.class)
    static class UnusableHookCase {
        @Test
        void never_runs() {
        }
    }
}
