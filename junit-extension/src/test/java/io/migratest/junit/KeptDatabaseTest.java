package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.migratest.db.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * With {@code migratest.keepFailedDatabases}, a failed test's database stays on the server after
 * the run, with its marker, and the run says where it is and how to drop it. On the machine's
 * PostgreSQL through the server provider (an embedded server would vanish with the run).
 */
class KeptDatabaseTest {

    private static final String URL = System.getProperty("migratest.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/")
            + "postgres";
    private static final Pattern KEPT = Pattern.compile("POSTGRES database (migratest_[a-z0-9]+_[0-9]+) \\(jdbc:postgresql://");

    @Test
    void a_failed_tests_database_is_kept_with_its_url_and_how_to_drop_it() throws Exception {
        Kept run = runKeeping(FailingCase.class);
        EngineExecutionResults results = run.results();
        assertThat(results.testEvents().failed().count()).isEqualTo(1);
        String entry = results.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
                .filter(pairs -> pairs.containsKey("migratest.keptDatabase"))
                .map(pairs -> pairs.get("migratest.keptDatabase")).findFirst().orElseThrow();
        Matcher matcher = KEPT.matcher(entry);
        assertThat(matcher.find()).as(entry).isTrue();
        String name = matcher.group(1);
        String marker = "migratest_kept_" + name.substring("migratest_".length());

        try (Connection admin = DriverManager.getConnection(URL, "postgres", ""); Statement statement = admin.createStatement()) {
            try {
                assertThat(databases(statement)).as("after the run").contains(name, marker);
                assertThat(run.printed()).contains(
                        "Migratest kept the database of failed test fails(TestDatabase): POSTGRES database " + name
                                + " (jdbc:postgresql://127.0.0.1:5432/" + name,
                        "(user postgres); later runs leave it alone\n  drop it when done: DROP DATABASE " + name + ";");
            } finally {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                statement.execute("DROP DATABASE IF EXISTS " + marker);
            }
        }
    }

    @Test
    void a_failed_checks_database_is_kept_the_one_their_pass_ran_on() throws Exception {
        Kept run = runKeeping(FailingChecksCase.class);
        assertThat(run.results().testEvents().failed().count()).isPositive();
        String printed = run.printed();
        Matcher matcher = Pattern.compile("Migratest kept the database of failed test data survives · V2 Amounts in"
                + " cents \\[POSTGRES\\]: POSTGRES database (migratest_[a-z0-9]+_[0-9]+) \\(jdbc:postgresql://")
                .matcher(printed);
        assertThat(matcher.find()).as(printed).isTrue();
        String name = matcher.group(1);
        String marker = "migratest_kept_" + name.substring("migratest_".length());
        try (Connection admin = DriverManager.getConnection(URL, "postgres", ""); Statement statement = admin.createStatement()) {
            try {
                assertThat(databases(statement)).as("after the run").contains(name, marker);
                assertThat(printed).contains("drop it when done: DROP DATABASE " + name + ";");
            } finally {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                statement.execute("DROP DATABASE IF EXISTS " + marker);
            }
        }
    }

    /** What a run of {@code testClass} with keepFailedDatabases gave, and what it printed to System.err. */
    private record Kept(EngineExecutionResults results, String printed) {
    }

    private static Kept runKeeping(Class<?> testClass) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass))
                    .configurationParameter("migratest.provider", "server")
                    .configurationParameter("migratest.postgres.url", URL)
                    .configurationParameter("migratest.postgres.user", "postgres")
                    .configurationParameter("migratest.keepFailedDatabases", "true")
                    .execute();
            return new Kept(results, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    private static List<String> databases(Statement statement) throws Exception {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT datname FROM pg_database")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @MigrationTest(locations = "classpath:checks/dataloss/bad")
    static class FailingChecksCase implements MigrationChecks {
        @Override
        public io.migratest.check.CheckOptions checkOptions() {
            return MigrationChecksTest.isolated("kept");
        }
    }

    @MigrationTest(locations = "classpath:ext/simple")
    static class FailingCase {

        @Test
        void fails(TestDatabase database) {
            assertThat(database.name()).as("a failure on purpose").isEqualTo("another database");
        }
    }
}
