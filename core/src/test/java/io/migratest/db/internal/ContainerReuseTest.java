package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.db.Template;
import io.migratest.db.TemplateKey;
import io.migratest.db.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * With {@code migratest.containers.reuse} a container outlives its run: a new provider (as the
 * next JVM has) finds it by its label and logs in again, and the template the first run kept is
 * there, reused without a build.
 */
class ContainerReuseTest {

    private static Settings settings() {
        return Settings.fromEnvironment().with(Setting.CONTAINERS_REUSE.key(), "true");
    }

    private static void dockerOrSkip(ContainerProvider provider, Settings settings) {
        String reason = provider.unavailableReason(Engine.POSTGRES, settings);
        if (reason != null && settings.get(Setting.REQUIRE_ENGINES)) {
            throw new AssertionError("No container (migratest.requireEngines is set): " + reason);
        }
        Assumptions.assumeTrue(reason == null, () -> "No container: " + reason);
    }

    private static List<String> labelled(String identity) {
        return DockerClientFactory.instance().client().listContainersCmd()
                .withLabelFilter(Map.of(ContainerProvider.REUSE_LABEL, identity)).withStatusFilter(List.of("running"))
                .exec().stream().map(c -> c.getId()).toList();
    }

    @Test
    void a_second_provider_finds_the_running_container_and_its_kept_template() {
        Settings settings = settings();
        dockerOrSkip(new ContainerProvider(), settings);
        String identity = ContainerProvider.identity(Dialect.of(Engine.POSTGRES),
                ContainerProvider.imageName(Engine.POSTGRES, settings));
        TemplateKey key = TemplateKey.builder("container reuse").text("run", UUID.randomUUID().toString()).build();
        AtomicInteger builds = new AtomicInteger();
        List<String> before = labelled(identity);
        try {
            String template;
            try (DatabaseServer first = new ContainerProvider().start(Engine.POSTGRES, settings)) {
                template = first.template(key, database -> {
                    builds.incrementAndGet();
                    database.jdbi().useHandle(h -> {
                        h.execute("CREATE TABLE kept (id INT)");
                        h.execute("INSERT INTO kept VALUES (1)");
                    });
                }).database().name();
            }
            List<String> running = labelled(identity);
            assertThat(running).as("the container outlives its server").isNotEmpty();

            try (DatabaseServer second = new ContainerProvider().start(Engine.POSTGRES, settings)) {
                assertThat(labelled(identity)).as("no second container").isEqualTo(running);
                Template again = second.template(key, database -> builds.incrementAndGet());
                assertThat(again.reused()).as(again.reason()).isTrue();
                assertThat(again.database().name()).isEqualTo(template);
                try (TestDatabase copy = second.cloneDatabase(again.database())) {
                    int rows = copy.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM kept").mapTo(Integer.class).one());
                    assertThat(rows).isEqualTo(1);
                }
            }
            assertThat(builds).as("built once, in the first run").hasValue(1);
        } finally {
            // the containers this test left, not those of other runs
            labelled(identity).stream().filter(id -> !before.contains(id))
                    .forEach(id -> DockerClientFactory.instance().client().removeContainerCmd(id).withForce(true).exec());
        }
    }

    @Test
    void the_identity_names_the_engine_the_image_and_the_tuning() {
        Settings settings = settings();
        dockerOrSkip(new ContainerProvider(), settings);
        String image = ContainerProvider.imageName(Engine.POSTGRES, settings);
        String postgres = ContainerProvider.identity(Dialect.of(Engine.POSTGRES), image);

        assertThat(postgres).matches("[0-9a-f]{20}").isEqualTo(ContainerProvider.identity(Dialect.of(Engine.POSTGRES), image));
        assertThat(ContainerProvider.identity(Dialect.of(Engine.POSTGRES), image + "-other")).isNotEqualTo(postgres);
        assertThat(ContainerProvider.identity(Dialect.of(Engine.MARIADB), image)).isNotEqualTo(postgres);
    }
}
