package io.migratest.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.compare.Snapshot;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading settings from the three sources given as plain maps: precedence, parsing, validation. */
class SettingsTest {

    private static final Function<String, Optional<String>> NO_PARAMETERS = key -> Optional.empty();

    private static Settings read(Map<String, String> properties, Map<String, String> environment,
            Map<String, String> parameters) {
        return Settings.read(properties, environment, key -> Optional.ofNullable(parameters.get(key)), Set.of());
    }

    @Test
    void a_system_property_outranks_an_environment_variable_which_outranks_a_junit_parameter() {
        Map<String, String> parameters = Map.of("migratest.clonePool", "3", "migratest.isolation", "migrate",
                "migratest.reportDir", "from-junit");
        Map<String, String> environment = Map.of("MIGRATEST_CLONE_POOL", "2", "MIGRATEST_ISOLATION", "clone");
        Map<String, String> properties = Map.of("migratest.clonePool", "4");

        Settings settings = read(properties, environment, parameters);

        assertThat(settings.get(Setting.CLONE_POOL)).isEqualTo(4);
        assertThat(settings.source(Setting.CLONE_POOL).orElseThrow().source()).isEqualTo(Settings.Source.SYSTEM_PROPERTY);
        assertThat(settings.get(Setting.ISOLATION)).isEqualTo("clone");
        assertThat(settings.source(Setting.ISOLATION).orElseThrow().name()).isEqualTo("MIGRATEST_ISOLATION");
        assertThat(settings.get(Setting.REPORT_DIR)).isEqualTo(Path.of("from-junit"));
        assertThat(settings.source(Setting.REPORT_DIR).orElseThrow().source()).isEqualTo(Settings.Source.JUNIT);
    }

    @Test
    void unset_settings_have_their_defaults_and_blank_values_set_nothing() {
        // Maven hands an unset property to Surefire as a blank system property
        Settings settings = read(Map.of("migratest.provider", "", "migratest.engines", " "), Map.of(), Map.of());

        assertThat(settings.find(Setting.PROVIDER)).isEmpty();
        assertThat(settings.get(Setting.PROVIDER)).isEqualTo("auto");
        assertThat(settings.get(Setting.ENGINES)).isEqualTo(EnumSet.allOf(Engine.class));
        assertThat(settings.get(Setting.CLONE_POOL)).isEqualTo(1);
        assertThat(settings.get(Setting.RECLAIM_AFTER)).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.get(Setting.SNAPSHOT_MAX_ROWS_IN_MEMORY)).isEqualTo(50_000L);
        assertThat(settings.get(Setting.DIFFS_DIR)).isEqualTo(Path.of("target/migratest/diffs"));
        assertThat(settings.get(Setting.image(Engine.MYSQL))).isEqualTo("mysql:8.4");
        assertThat(settings.get(Setting.user(Engine.POSTGRES))).isEqualTo("postgres");
        assertThat(settings.get(Setting.password(Engine.MARIADB))).isEmpty();
        assertThat(settings.find(Setting.url(Engine.POSTGRES))).isEmpty();
        assertThat(settings.values()).isEmpty();
    }

    @Test
    void names_match_ignoring_case_dots_dashes_and_underscores() {
        Settings settings = read(Map.of("migratest.keep-failed-databases", "yes"),
                Map.of("MIGRATEST_SNAPSHOT_MAX_ROWS_IN_MEMORY", "10", "MIGRATEST_POSTGRES_IMAGE", "local/pg:15"), Map.of());

        assertThat(settings.get(Setting.KEEP_FAILED_DATABASES)).isTrue();
        assertThat(settings.get(Setting.SNAPSHOT_MAX_ROWS_IN_MEMORY)).isEqualTo(10L);
        assertThat(settings.get(Setting.image(Engine.POSTGRES))).isEqualTo("local/pg:15");
    }

    @Test
    void typed_values_are_parsed() {
        Settings settings = Settings.of("migratest.engines", "postgres, MariaDB", "migratest.requireEngines", "1",
                "migratest.isolation", "MIGRATE", "migratest.reclaimAfterMinutes", "0", "migratest.provider", "Server");

        assertThat(settings.get(Setting.ENGINES)).containsExactly(Engine.POSTGRES, Engine.MARIADB);
        assertThat(settings.get(Setting.REQUIRE_ENGINES)).isTrue();
        assertThat(settings.get(Setting.ISOLATION)).isEqualTo("migrate");
        assertThat(settings.get(Setting.RECLAIM_AFTER)).isZero();
        assertThat(settings.get(Setting.PROVIDER)).isEqualTo("server");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "migratest.clonePool | lots | an integer 0..16",
        "migratest.clonePool | 17 | an integer 0..16",
        "migratest.clonePool | -1 | an integer 0..16",
        "migratest.requireEngines | sure | true or false",
        "migratest.keepFailedDatabases | on | true or false",
        "migratest.isolation | sometimes | one of clone, migrate",
        "migratest.engines | postgres,oracle | a comma-separated list of postgres, mysql, mariadb",
        "migratest.engines | postgres, | a comma-separated list of postgres, mysql, mariadb",
        "migratest.reclaimAfterMinutes | soon | a whole number of minutes, 0 or more (0 reclaims at once)",
        "migratest.reclaimAfterMinutes | -5 | a whole number of minutes, 0 or more (0 reclaims at once)",
        "migratest.snapshot.maxRowsInMemory | 1e6 | a whole number, 0 or more",
        "migratest.provider | docker compose | a provider name such as auto, embedded, container or server",
        "migratest.postgres.url | postgresql://h:5432/db | a JDBC URL (jdbc:<driver>://host:port/...)",
        "migratest.reportDir | target/\u0000report | a file path",
    })
    void an_invalid_value_fails_naming_key_source_expectation_and_value(String key, String text, String expected) {
        assertThatThrownBy(() -> read(Map.of(key, text), Map.of(), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid value for " + key + " (system property): expected " + expected + ", got '"
                        + text + "'");
    }

    @Test
    void an_invalid_value_names_the_environment_variable_or_the_junit_parameter_it_came_from() {
        assertThatThrownBy(() -> read(Map.of(), Map.of("MIGRATEST_CLONE_POOL", "lots"), Map.of()))
                .hasMessage("Invalid value for migratest.clonePool (environment variable MIGRATEST_CLONE_POOL):"
                        + " expected an integer 0..16, got 'lots'");
        assertThatThrownBy(() -> read(Map.of(), Map.of(), Map.of("migratest.updateSnapshots", "please")))
                .hasMessage("Invalid value for migratest.updateSnapshots (JUnit configuration parameter):"
                        + " expected true or false, got 'please'");
    }

    @Test
    void a_valid_value_from_a_higher_source_hides_an_invalid_one_below_it() {
        Settings settings = read(Map.of("migratest.clonePool", "2"), Map.of("MIGRATEST_CLONE_POOL", "lots"), Map.of());

        assertThat(settings.get(Setting.CLONE_POOL)).isEqualTo(2);
    }

    @Test
    void secrets_are_masked_in_messages_and_in_to_string() {
        assertThatThrownBy(() -> Settings.of("migratest.postgres.url", "postgresql://u:hunter2@h/db"))
                .hasMessageContaining("got 'postgresql://u:****@h/db'").hasMessageNotContaining("hunter2");

        Settings settings = Settings.of("migratest.postgres.password", "s3cret-pw",
                "migratest.postgres.url", "jdbc:postgresql://h/db?password=hunter2", "migratest.clonePool", "2");
        assertThat(settings.toString())
                .isEqualTo("Settings{migratest.clonePool=2, migratest.postgres.password=****,"
                        + " migratest.postgres.url=jdbc:postgresql://h/db?password=****}");
    }

    @Test
    void an_unknown_key_fails_with_the_closest_known_key() {
        assertThatThrownBy(() -> read(Map.of("migratest.clonepol", "2"), Map.of(), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Unknown setting migratest.clonepol (system property) => did you mean migratest.clonePool?");
        assertThatThrownBy(() -> read(Map.of(), Map.of("MIGRATEST_REQUIRE_ENGINE", "true"), Map.of()))
                .hasMessage("Unknown setting MIGRATEST_REQUIRE_ENGINE (environment variable)"
                        + " => did you mean MIGRATEST_REQUIRE_ENGINES?");
        assertThatThrownBy(() -> Settings.read(Map.of(), Map.of(), NO_PARAMETERS, Set.of("migratest.postgres.imag")))
                .hasMessage("Unknown setting migratest.postgres.imag (JUnit configuration parameter)"
                        + " => did you mean migratest.postgres.image?");
        assertThatThrownBy(() -> Settings.of("migratest.colour", "blue"))
                .hasMessage("Unknown setting migratest.colour (given in code)"
                        + " => remove it, or use one of the settings of README's Configuration table");
    }

    @Test
    void every_problem_is_reported_at_once() {
        assertThatThrownBy(() -> read(Map.of("migratest.clonePool", "lots", "migratest.clonepol", "2"), Map.of(), Map.of()))
                .hasMessageStartingWith("2 settings are wrong:")
                .hasMessageContaining("Invalid value for migratest.clonePool")
                .hasMessageContaining("Unknown setting migratest.clonepol");
    }

    @Test
    void names_of_the_build_and_of_the_test_suite_are_not_settings_and_other_namespaces_are_ignored() {
        Settings settings = read(Map.of("migratest.argLine", "-Xmx256m", "migratest.test.postgres.url", "x",
                "user.home", "/root"), Map.of("MIGRATEST_IMAGES_REBUILD", "1", "MIGRATEST_TEST_MYSQL_URL", "x",
                "PATH", "/bin"), Map.of());

        assertThat(settings.values()).isEmpty();
    }

    @Test
    void fail_on_missing_files_follows_the_ci_variable_unless_set() {
        assertThat(read(Map.of(), Map.of("CI", "true"), Map.of()).get(Setting.FAIL_ON_MISSING_FILES)).isTrue();
        assertThat(read(Map.of(), Map.of("CI", "false"), Map.of()).get(Setting.FAIL_ON_MISSING_FILES)).isFalse();
        assertThat(read(Map.of(), Map.of(), Map.of()).get(Setting.FAIL_ON_MISSING_FILES)).isFalse();
        assertThat(read(Map.of(), Map.of("CI", "true"), Map.of("migratest.failOnMissingFiles", "false"))
                .get(Setting.FAIL_ON_MISSING_FILES)).isFalse();
        assertThatThrownBy(() -> read(Map.of(), Map.of("CI", "1", "MIGRATEST_CLONE_POOL", "x"), Map.of()))
                .hasMessageContaining("MIGRATEST_CLONE_POOL");
    }

    @Test
    void checks_reuse_kept_verdicts_unless_the_ci_variable_is_set_or_it_is_set_itself() {
        assertThat(read(Map.of(), Map.of(), Map.of()).get(Setting.CHECKS_REUSE)).isTrue();
        assertThat(read(Map.of(), Map.of("CI", "true"), Map.of()).get(Setting.CHECKS_REUSE)).isFalse();
        assertThat(read(Map.of(), Map.of("CI", "1"), Map.of()).get(Setting.CHECKS_REUSE)).isFalse();
        assertThat(read(Map.of(), Map.of("CI", "false"), Map.of()).get(Setting.CHECKS_REUSE)).isTrue();
        assertThat(read(Map.of(), Map.of("CI", "true"), Map.of("migratest.checks.reuse", "true"))
                .get(Setting.CHECKS_REUSE)).isTrue();
        assertThat(read(Map.of("migratest.checks.reuse", "false"), Map.of(), Map.of()).get(Setting.CHECKS_REUSE)).isFalse();
    }

    @Test
    void outside_junit_the_junit_platform_properties_file_is_the_lowest_source(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(Settings.JUNIT_PROPERTIES), "migratest.clonePool=3\njunit.jupiter.x=1\n");
        assertThat(withClassPath(dir, Settings::fromEnvironment).get(Setting.CLONE_POOL)).isEqualTo(3);

        Files.writeString(dir.resolve(Settings.JUNIT_PROPERTIES), "migratest.clonepol=3\n");
        assertThatThrownBy(() -> withClassPath(dir, Settings::fromEnvironment))
                .hasMessage("Unknown setting migratest.clonepol (JUnit configuration parameter)"
                        + " => did you mean migratest.clonePool?");
    }

    private static <T> T withClassPath(Path dir, Supplier<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            thread.setContextClassLoader(loader);
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void a_snapshot_reads_its_limit_through_the_catalogue_and_a_bad_one_is_no_longer_ignored() {
        String key = Setting.SNAPSHOT_MAX_ROWS_IN_MEMORY.key();
        String previous = System.setProperty(key, "10");
        try {
            assertThat(Snapshot.maxRowsInMemory()).isEqualTo(10);
            System.setProperty(key, "lots");
            assertThatThrownBy(Snapshot::maxRowsInMemory)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage("Invalid value for migratest.snapshot.maxRowsInMemory (system property):"
                            + " expected a whole number, 0 or more, got 'lots'");
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
    }

    @Test
    void reading_by_name_is_for_known_names_only() {
        Settings settings = Settings.of("MIGRATEST_POSTGRES_URL", "jdbc:postgresql://h/db");

        assertThat(settings.get("migratest.postgres.url")).contains("jdbc:postgresql://h/db");
        assertThat(settings.flag("migratest.requireEngines")).isFalse();
        assertThatThrownBy(() -> settings.get("migratest.postgres.uri"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("did you mean migratest.postgres.url?");
    }
}
