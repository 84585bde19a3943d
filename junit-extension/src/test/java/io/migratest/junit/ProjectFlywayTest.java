package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.migratest.check.CheckOptions;
import io.migratest.migrate.FlywayCustomizer;
import io.migratest.migrate.Migrator;
import java.nio.file.Path;
import org.flywaydb.core.api.configuration.FluentConfiguration;
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
    void a_hook_that_cannot_be_made_is_a_configuration_error() {
        run(UnusableHookCase.class).containerEvents().assertThatEvents().haveAtLeastOne(
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                        message(m -> m.contains("@MigrationTest(flyway = InnerHook.class)")
                                && m.contains("give a concrete, non-inner class"))));
    }

    private EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .configurationParameter("migratest.reportDir", reportDir.toString())
                // a hang fails in a minute instead of never
                .configurationParameter("migratest.migrationStepTimeoutSeconds", "60")
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
