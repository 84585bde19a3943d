package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.migratest.migrate.Migrator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Two runs of one seeded class, each a launcher run of its own with its own embedded server (as
 * two {@code mvn test} are) sharing one kept data directory: the first builds the template, the
 * second reuses it and migrates nothing for it; the report says which.
 */
class KeptTemplatesTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path reportDir;

    @Test
    void the_second_run_reuses_the_template_and_the_report_says_so() throws IOException {
        Events first = run(SeededCase.class);
        String firstReport = report();
        Events second = run(SeededCase.class);
        String secondReport = report();

        assertThat(first.failed().count()).as("%s", first.failed().list()).isZero();
        assertThat(second.failed().count()).as("%s", second.failed().list()).isZero();
        assertThat(second.succeeded().count()).isEqualTo(2);
        assertThat(firstReport).contains("built migratest_tpl_", "no template was kept for it yet")
                .doesNotContain("reused migratest_tpl_");
        assertThat(secondReport).contains("reused migratest_tpl_").doesNotContain("built migratest_tpl_");
    }

    @Test
    void with_the_cache_off_each_run_builds_its_own() throws IOException {
        run(SeededCase.class, "false");
        Events second = run(SeededCase.class, "false");

        assertThat(second.failed().count()).isZero();
        assertThat(report()).contains("migratest.templates.cache is off").doesNotContain("reused migratest_tpl_");
    }

    private String report() throws IOException {
        return Files.readString(reportDir.resolve("report.json"), StandardCharsets.UTF_8);
    }

    private Events run(Class<?> testClass) {
        return run(testClass, "true");
    }

    private Events run(Class<?> testClass, String cache) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .configurationParameter("migratest.provider", "embedded")
                .configurationParameter("migratest.embedded.dataDir", dataDir.toString())
                .configurationParameter("migratest.templates.cache", cache)
                .configurationParameter("migratest.reportDir", reportDir.toString())
                .execute().testEvents();
    }

    @MigrationTest(locations = "classpath:ext/twostep")
    @Seed(atVersion = "1", value = "ext/fixtures/items.csv")
    static class SeededCase {

        @Test
        void first(Jdbi jdbi, Migrator migrator) {
            assertThat(migrator.currentVersion()).hasValue("1");
            long items = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM items").mapTo(Long.class).one());
            assertThat(items).isEqualTo(3);
        }

        @Test
        void second(Migrator migrator) {
            migrator.migrate();
            assertThat(migrator.currentVersion()).hasValue("2");
        }
    }
}
