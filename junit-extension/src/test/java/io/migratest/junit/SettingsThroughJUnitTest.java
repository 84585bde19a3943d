package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.migratest.compare.Snapshot;
import io.migratest.db.Engine;
import io.migratest.migrate.Migrator;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The JUnit layer of the settings: configuration parameters reach the extension, system
 * properties outrank them, and a bad value or an unknown key fails the class before any database
 * is started.
 */
class SettingsThroughJUnitTest {

    @Test
    void a_junit_configuration_parameter_is_a_setting() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(PostgresCase.class))
                .configurationParameter("migratest.engines", "mariadb")
                .execute();

        // migratest.engines leaves POSTGRES out, so the class does not run at all
        assertThat(results.testEvents().started().count()).isZero();
        assertThat(results.containerEvents().failed().count()).isZero();
    }

    @Test
    void the_settings_of_the_run_reach_a_snapshot_through_the_jdbi_of_the_test_database() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SnapshotCase.class))
                .configurationParameter("migratest.snapshot.maxRowsInMemory", "1")
                .execute();

        assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
        assertThat(results.testEvents().failed().count()).isZero();
    }

    @Test
    void an_invalid_junit_parameter_fails_the_class_naming_key_source_expectation_and_value() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(PostgresCase.class))
                .configurationParameter("migratest.clonePool", "lots")
                .execute();

        results.containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message("Invalid value for migratest.clonePool (JUnit configuration parameter): expected an integer"
                        + " 0..16, got 'lots'"))));
        assertThat(results.testEvents().started().count()).isZero();
    }

    @Test
    void a_system_property_outranks_a_junit_parameter() {
        EngineExecutionResults results = withSystemProperty("migratest.isolation", "migrate", () ->
                EngineTestKit.engine("junit-jupiter").selectors(selectClass(PostgresCase.class))
                        .configurationParameter("migratest.provider", "embedded")
                        .configurationParameter("migratest.isolation", "sometimes")
                        .execute());

        assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
        assertThat(results.containerEvents().failed().count()).isZero();
    }

    @Test
    void an_unknown_key_fails_the_class_with_the_closest_known_key() {
        EngineExecutionResults results = withSystemProperty("migratest.clonepol", "2", () ->
                EngineTestKit.engine("junit-jupiter").selectors(selectClass(PostgresCase.class)).execute());

        results.containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message("Unknown setting migratest.clonepol (system property) => did you mean migratest.clonePool?"))));
        assertThat(results.testEvents().started().count()).isZero();
    }

    private static <T> T withSystemProperty(String key, String value, Supplier<T> action) {
        String previous = System.setProperty(key, value);
        try {
            return action.get();
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
    }

    // ---- the cases, run only through EngineTestKit ----

    @MigrationTest(engines = Engine.POSTGRES, provider = "embedded", locations = "classpath:ext/simple")
    static class SnapshotCase {

        @Test
        void two_rows_go_to_a_side_table(Jdbi jdbi, DataSource dataSource) {
            Snapshot snapshot = Snapshot.of(jdbi, "SELECT 1 AS x UNION ALL SELECT 2");

            assertThat(snapshot.isInMemory()).isFalse();
            assertThat(snapshot.rowCount()).isEqualTo(2);
            assertThat(Snapshot.of(Jdbi.create(dataSource), "SELECT 1 AS x UNION ALL SELECT 2").isInMemory())
                    .as("a Jdbi Migratest did not make follows this JVM's settings, the default here").isTrue();
        }
    }

    @MigrationTest(engines = Engine.POSTGRES, provider = "embedded", locations = "classpath:ext/simple")
    static class PostgresCase {

        @Test
        void migrates(Migrator migrator) {
            migrator.migrate();
        }
    }
}
