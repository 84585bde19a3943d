package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * An engine that cannot run is never green by omission: every check and test it would have run
 * shows as skipped with the reason (failed with {@code migratest.requireEngines}), and a server
 * the user configured is never replaced by another provider. The unavailable server is a closed
 * port on 127.0.0.1.
 */
class UnavailableEngineTest {

    private static final String[] CHECKS = {"applies from empty", "linear history", "data survives",
        "undo round trip", "schema matches snapshot", "lock rehearsal"};

    @Test
    void every_check_and_test_of_an_unreachable_server_is_skipped_with_the_reason(@TempDir Path reportDir)
            throws IOException {
        Files.writeString(reportDir.resolve("report.md"), "All checks passed, from an earlier run");
        EngineExecutionResults results = run(ChecksCase.class, "server", false, reportDir);

        List<Event> skipped = results.testEvents().aborted().list();
        assertThat(results.testEvents().started().count()).isEqualTo(CHECKS.length + 1);
        assertThat(skipped).hasSize(CHECKS.length + 1);
        assertThat(skipped).extracting(UnavailableEngineTest::name)
                .contains("a_test(TestDatabase)").contains(Arrays.stream(CHECKS).map(check -> check + " · not run [POSTGRES]")
                        .toArray(String[]::new));
        assertThat(skipped).extracting(UnavailableEngineTest::message).allSatisfy(message -> assertThat(message)
                .contains("POSTGRES is not available, test skipped")
                .contains("the POSTGRES server at jdbc:postgresql://127.0.0.1:")
                .contains("does not answer")
                .contains("Set migratest.requireEngines=true to fail instead."));
        assertThat(Files.readString(reportDir.resolve("report.md"))).as("written although nothing ran")
                .contains("**7 skipped**, not all checks ran · 0 passed · 7 skipped · 1 test class × engine runs")
                .doesNotContain("All checks passed");
        assertThat(Files.readString(reportDir.resolve("report.json"))).contains("\"skipped\" : 7");
    }

    @Test
    void with_require_engines_every_check_and_test_of_an_unreachable_server_fails(@TempDir Path reportDir)
            throws IOException {
        EngineExecutionResults results = run(ChecksCase.class, "server", true, reportDir);

        List<Event> failed = results.testEvents().failed().list();
        assertThat(results.testEvents().started().count()).isEqualTo(CHECKS.length + 1);
        assertThat(failed).hasSize(CHECKS.length + 1);
        assertThat(failed).extracting(UnavailableEngineTest::name).contains(Arrays.stream(CHECKS)
                .map(check -> check + " · not run [POSTGRES]").toArray(String[]::new));
        assertThat(failed).extracting(UnavailableEngineTest::message).allSatisfy(message -> assertThat(message)
                .contains("does not answer")
                .contains("migratest.requireEngines is set, so this fails instead of skipping"));
    }

    @Test
    void auto_does_not_replace_a_configured_server_that_does_not_answer(@TempDir Path reportDir) throws IOException {
        EngineExecutionResults results = run(PlainCase.class, "auto", false, reportDir);

        assertThat(results.testEvents().succeeded().count()).as("ran elsewhere").isZero();
        List<Event> skipped = results.testEvents().aborted().list();
        assertThat(skipped).hasSize(1);
        assertThat(message(skipped.get(0)))
                .contains("POSTGRES is not available, test skipped")
                .contains("Cannot run POSTGRES on the configured server: the POSTGRES server at jdbc:postgresql://127.0.0.1:")
                .contains("auto does not fall back to another provider while migratest.postgres.url is set"
                        + " => start that server, or unset migratest.postgres.url");
    }

    /**
     * Runs {@code testClass} against a closed port. Everything the case depends on is given as a
     * system property, which outranks the environment: a caller that exports
     * {@code MIGRATEST_POSTGRES_URL} (or a provider, engines, report directory) must neither point
     * the case at a real server nor let its checks write a baseline or snapshot into
     * {@code src/test/resources}. The baseline and snapshots go to the temporary directory.
     */
    private static EngineExecutionResults run(Class<?> testClass, String provider, boolean requireEngines,
            Path reportDir) throws IOException {
        Map<String, String> forced = new LinkedHashMap<>();
        forced.put(Setting.PROVIDER.key(), provider);
        forced.put(Setting.ENGINES.key(), "postgres");
        forced.put(Setting.REQUIRE_ENGINES.key(), String.valueOf(requireEngines));
        forced.put(Setting.url(Engine.POSTGRES).key(), unreachableUrl());
        forced.put(Setting.user(Engine.POSTGRES).key(), "postgres");
        forced.put(Setting.REPORT_DIR.key(), reportDir.toString());
        forced.put(Setting.BASELINE_FILE.key(), reportDir.resolve("baseline.json").toString());
        forced.put(Setting.SNAPSHOT_DIR.key(), reportDir.toString());
        Map<String, String> previous = new LinkedHashMap<>();
        forced.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
        EngineExecutionResults results;
        try {
            results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
        assertThat(reportDir.resolve("baseline-postgres.json")).as("no baseline from a server that never answered")
                .doesNotExist();
        assertThat(reportDir.resolve("schema-postgres.txt")).as("no snapshot from a server that never answered")
                .doesNotExist();
        return results;
    }

    private static String unreachableUrl() throws IOException {
        return "jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres";
    }

    /** A port nothing listens on: bound, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A test's name; a check's stand-in names its check and engine ("linear history · not run [POSTGRES]"). */
    private static String name(Event event) {
        return event.getTestDescriptor().getDisplayName();
    }

    private static String message(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElse("");
    }

    @MigrationTest(engines = Engine.POSTGRES, locations = "classpath:ext/simple")
    static class ChecksCase implements MigrationChecks {

        @Test
        void a_test(TestDatabase database) {
            assertThat(database).isNotNull();
        }
    }

    @MigrationTest(engines = Engine.POSTGRES, locations = "classpath:ext/simple")
    static class PlainCase {

        @Test
        void a_test(TestDatabase database) {
            assertThat(database).isNotNull();
        }
    }
}
