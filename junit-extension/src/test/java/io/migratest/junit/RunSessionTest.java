package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Through a real launcher session, as Surefire runs tests: a password given as a system property
 * is gone from the system properties when a class ends (when Surefire copies them into
 * {@code TEST-*.xml}) yet reaches the server's databases, and the report's totals equal the
 * launcher's counts, the classes that are not migration tests included. Runs on the local
 * PostgreSQL server (127.0.0.1:5432, trust authentication, so any password logs in).
 */
class RunSessionTest {

    private static final String PASSWORD_KEY = "migratest.postgres.password";
    private static final String PASSWORD = "s3cret-of-RunSessionTest";

    @Test
    void a_system_property_password_is_used_but_gone_before_any_class_ends(@TempDir Path reportDir) throws IOException {
        ClassEndProperties seen = new ClassEndProperties();
        TestExecutionSummary summary = runInSession(reportDir, seen, PasswordCase.class, PlainCase.class);

        assertThat(summary.getTotalFailureCount()).as("failures: %s", summary.getFailures().stream()
                .map(f -> f.getException().toString()).toList()).isZero();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(seen.values).as("the password property when each class ended").hasSize(2).containsOnlyNulls();
        assertThat(System.getProperty(PASSWORD_KEY)).as("withdrawn for good").isNull();
    }

    @Test
    void the_report_counts_every_test_of_the_run_as_surefire_does(@TempDir Path reportDir) throws IOException {
        Files.writeString(reportDir.resolve("report.md"), "All checks passed, from an earlier run");
        TestExecutionSummary summary = runInSession(reportDir, new ClassEndProperties(), PasswordCase.class,
                PlainCase.class);

        long skipped = summary.getTestsSkippedCount() + summary.getTestsAbortedCount();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(skipped).isEqualTo(2);
        JsonNode totals = new ObjectMapper().readTree(reportDir.resolve("report.json").toFile()).get("summary");
        assertThat(totals.get("tests").asLong()).isEqualTo(4);
        assertThat(totals.get("passed").asLong()).isEqualTo(summary.getTestsSucceededCount());
        assertThat(totals.get("skipped").asLong()).isEqualTo(skipped);
        assertThat(totals.get("failed").asLong()).isEqualTo(summary.getTotalFailureCount());
        assertThat(totals.get("counted").asText()).isEqualTo("run");
        assertThat(Files.readString(reportDir.resolve("report.md")))
                .contains("**2 skipped**, not all checks ran · 4 tests: 2 passed · 2 skipped · 1 test class × engine runs")
                .doesNotContain("All checks passed");
    }

    private static TestExecutionSummary runInSession(Path reportDir, TestExecutionListener extra, Class<?>... classes) {
        String previous = System.setProperty(PASSWORD_KEY, PASSWORD);
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getLauncher().execute(request()
                    .selectors(List.of(selectClass(classes[0]), selectClass(classes[1])))
                    .configurationParameter("migratest.provider", "server")
                    .configurationParameter("migratest.postgres.url", "jdbc:postgresql://127.0.0.1:5432/postgres")
                    .configurationParameter("migratest.postgres.user", "postgres")
                    .configurationParameter("migratest.engines", "postgres")
                    .configurationParameter("migratest.reportDir", reportDir.toString())
                    .build(), summary, extra);
        } finally {
            if (previous == null) {
                System.clearProperty(PASSWORD_KEY);
            } else {
                System.setProperty(PASSWORD_KEY, previous);
            }
        }
        return summary.getSummary();
    }

    /** What Surefire does when a class ends: it reads the system properties for the XML report. */
    private static final class ClassEndProperties implements TestExecutionListener {
        final List<String> values = new CopyOnWriteArrayList<>();

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            if (identifier.getSource().filter(ClassSource.class::isInstance).isPresent()
                    && identifier.getParentIdObject().filter(id -> id.getSegments().size() == 1).isPresent()) {
                values.add(System.getProperty(PASSWORD_KEY));
            }
        }
    }

    @MigrationTest(engines = Engine.POSTGRES, locations = "classpath:ext/simple")
    static class PasswordCase {

        @Test
        void gets_the_withdrawn_password(TestDatabase database) {
            assertThat(database.password()).isEqualTo(PASSWORD);
        }
    }

    static class PlainCase {

        @Test
        void passes() {
            assertThat(1 + 1).isEqualTo(2);
        }

        @Test
        void is_aborted() {
            Assumptions.abort("not here");
        }

        @Test
        @Disabled("never")
        void is_disabled() {
        }
    }
}
