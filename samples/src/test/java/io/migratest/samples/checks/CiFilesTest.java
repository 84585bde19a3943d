package io.migratest.samples.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample CI files parse as YAML and have the structure their runners expect. */
class CiFilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void the_github_workflow_runs_verify_on_pull_requests_with_both_servers_and_publishes_the_report() throws IOException {
        JsonNode workflow = YAML.readTree(Path.of(".github/workflows/migration-tests.yml").toFile());

        assertThat(workflow.path("on").has("pull_request")).isTrue();
        JsonNode job = workflow.path("jobs").path("migration-tests");
        assertThat(job.path("runs-on").asText()).isEqualTo("ubuntu-latest");
        assertThat(fieldNames(job.path("services"))).containsExactly("postgres", "mysql", "mariadb");
        assertThat(job.path("services").path("postgres").path("image").asText()).startsWith("postgres:");
        assertThat(job.path("services").path("mysql").path("image").asText()).startsWith("mysql:");
        assertThat(job.path("env").path("MIGRATEST_PROVIDER").asText()).isEqualTo("server");
        assertThat(job.path("env").path("MIGRATEST_POSTGRES_URL").asText()).startsWith("jdbc:postgresql://localhost:5432/");
        assertThat(job.path("env").path("MIGRATEST_MYSQL_URL").asText()).startsWith("jdbc:mysql://localhost:3306/");

        List<String> runs = new ArrayList<>();
        List<String> uses = new ArrayList<>();
        job.path("steps").forEach(step -> {
            runs.add(step.path("run").asText());
            uses.add(step.path("uses").asText());
            if (!step.path("if").isMissingNode()) {
                assertThat(step.path("if").asText()).isEqualTo("always()");
            }
        });
        assertThat(runs).anyMatch(r -> r.contains("mvn -B verify"));
        assertThat(runs).anyMatch(r -> r.contains("target/migratest/report.md") && r.contains("$GITHUB_STEP_SUMMARY"));
        assertThat(uses).anyMatch(u -> u.startsWith("actions/checkout@"))
                .anyMatch(u -> u.startsWith("actions/setup-java@"))
                .anyMatch(u -> u.startsWith("actions/upload-artifact@"));
    }

    @Test
    void the_gitlab_job_runs_verify_with_both_services_and_keeps_the_junit_reports() throws IOException {
        JsonNode pipeline = YAML.readTree(Path.of(".gitlab-ci.yml").toFile());

        JsonNode job = pipeline.path("migration-tests");
        assertThat(job.path("image").asText()).startsWith("maven:");
        List<String> services = new ArrayList<>();
        job.path("services").forEach(s -> services.add(s.path("name").asText()));
        assertThat(services).anyMatch(s -> s.startsWith("postgres:")).anyMatch(s -> s.startsWith("mysql:"))
                .anyMatch(s -> s.startsWith("mariadb:"));
        assertThat(job.path("variables").path("MIGRATEST_PROVIDER").asText()).isEqualTo("server");
        assertThat(job.path("script").toString()).contains("mvn -B verify");
        assertThat(job.path("artifacts").path("reports").path("junit").toString()).contains("TEST-*.xml");
        assertThat(job.path("artifacts").path("when").asText()).isEqualTo("always");
        assertThat(job.path("rules").toString()).contains("merge_request_event");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
