package io.migratest.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.migratest.report.Outcome;
import io.migratest.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures become GitHub annotations and SARIF results on the migration file and line they name. */
class PullRequestAnnotationsTest {

    @TempDir
    Path directory;

    @Test
    void a_failure_with_a_location_is_an_error_on_that_file_and_line_in_both_files() throws IOException {
        Report report = Report.create().in(new Report.Scope("shop.MigrationsTest", "postgres"));
        report.record(new Outcome("check", "lock rehearsal", "V2 Index customer", Outcome.Status.FAILED,
                "V2 line 1 `CREATE INDEX …` held ShareLock on orders: blocks INSERT, UPDATE, DELETE\n=> 100% fixable",
                List.of(PullRequestAnnotations.LOCATION + "src/main/resources/db/migration/V2__Index_customer.sql:1",
                        "writers on orders: ..."), 12L));
        report.record(new Outcome("check", "data survives", "V3 Drop", Outcome.Status.FAILED, "lost rows", List.of(), 3L));
        report.record(Outcome.passed("check", "applies from empty", "fine"));

        report.write(directory);

        assertThat(Files.readAllLines(directory.resolve("annotations.txt"))).containsExactly(
                "::error file=src/main/resources/db/migration/V2__Index_customer.sql,line=1,"
                        + "title=Migratest lock rehearsal · V2 Index customer (postgres)::V2 line 1 `CREATE INDEX …` held"
                        + " ShareLock on orders: blocks INSERT, UPDATE, DELETE%0A=> 100%25 fixable",
                "::error title=Migratest data survives · V3 Drop (postgres)::lost rows");
        JsonNode sarif = new ObjectMapper().readTree(directory.resolve("migratest.sarif").toFile());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        JsonNode results = sarif.path("runs").get(0).path("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).path("ruleId").asText()).isEqualTo("lock-rehearsal");
        JsonNode physical = results.get(0).path("locations").get(0).path("physicalLocation");
        assertThat(physical.path("artifactLocation").path("uri").asText())
                .isEqualTo("src/main/resources/db/migration/V2__Index_customer.sql");
        assertThat(physical.path("region").path("startLine").asInt()).isEqualTo(1);
        assertThat(results.get(1).has("locations")).isFalse();
        assertThat(sarif.path("runs").get(0).path("tool").path("driver").path("rules")).hasSize(2);
    }

    @Test
    void a_built_migration_file_is_named_by_its_source_relative_to_the_repository() throws IOException {
        Path module = Files.createDirectories(directory.resolve("repo/app"));
        Files.createDirectories(directory.resolve("repo/.git"));
        Path source = module.resolve("src/test/resources/db/migration/V2__Index.sql");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "CREATE INDEX i ON t (c);\n");
        Path built = module.resolve("target/test-classes/db/migration/V2__Index.sql");

        assertThat(PullRequestAnnotations.location("classpath:db/migration (" + built + ")", 3))
                .contains("location: app/src/test/resources/db/migration/V2__Index.sql:3");
        assertThat(PullRequestAnnotations.location("classpath:db/migration (BOOT-INF/V2__Index.sql)", 0)).isEmpty();
    }
}
