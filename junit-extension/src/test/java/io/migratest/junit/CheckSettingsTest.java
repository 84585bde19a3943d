package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.uniqueIdSubstring;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.migratest.check.CheckOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Check settings given as JUnit configuration parameters ({@code junit-platform.properties}, the
 * launcher's) reach {@link MigrationChecks}, which {@link CheckOptions#defaults()} alone cannot
 * see: {@code migratest.checks.skip} and the snapshot and baseline places, for a class with the
 * default options and, for the switch, one with its own. On the local PostgreSQL server.
 */
class CheckSettingsTest {

    @TempDir
    Path files;

    @Test
    void the_junit_parameters_set_the_checks_of_a_class_with_default_options() {
        Events tests = run(DefaultOptionsCase.class).testEvents();

        tests.assertThatEvents().haveExactly(1, event(uniqueIdSubstring("lockRehearsal"), abortedWithReason(message(
                "lock rehearsal: switched off by the setting migratest.checks.skip=lockRehearsal,undoRoundTrip"))))
                .haveExactly(1, event(uniqueIdSubstring("undoRoundTrip"), abortedWithReason(message(m -> m.contains(
                        "switched off by the setting migratest.checks.skip")))));
        assertThat(tests.failed().count()).as("failures: %s", tests.failed().list()).isZero();
        assertThat(Files.exists(files.resolve("snapshots").resolve("schema-postgres.txt")))
                .as("the snapshot written where migratest.snapshotDir says").isTrue();
        assertThat(Files.exists(files.resolve("baseline-postgres.json")))
                .as("the baseline written where migratest.baselineFile says").isTrue();
    }

    @Test
    void the_skip_parameter_also_reaches_a_class_with_its_own_options() {
        Events tests = run(OwnOptionsCase.class).testEvents();

        tests.assertThatEvents().haveExactly(1, event(uniqueIdSubstring("lockRehearsal"), abortedWithReason(message(
                m -> m.contains("switched off by the setting migratest.checks.skip")))));
        assertThat(tests.failed().count()).as("failures: %s", tests.failed().list()).isZero();
    }

    private EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass))
                .configurationParameter("migratest.provider", "server")
                .configurationParameter("migratest.postgres.url", "jdbc:postgresql://127.0.0.1:5432/postgres")
                .configurationParameter("migratest.postgres.user", "postgres")
                .configurationParameter("migratest.checks.skip", "lockRehearsal,undoRoundTrip")
                .configurationParameter("migratest.snapshotDir", files.resolve("snapshots").toString())
                .configurationParameter("migratest.baselineFile", files.resolve("baseline.json").toString())
                .configurationParameter("migratest.failOnMissingFiles", "false")
                .configurationParameter("migratest.reportDir", files.resolve("report").toString())
                .execute();
    }

    @MigrationTest(locations = "classpath:checks/dataloss/good")
    static class DefaultOptionsCase implements MigrationChecks {
    }

    @MigrationTest(locations = "classpath:checks/dataloss/good")
    static class OwnOptionsCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return MigrationChecksTest.isolated("own-options");
        }
    }
}
