package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.migratest.db.DatabaseUnavailableException;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * Docker that answers but cannot provide the image (no registry here): the container provider
 * says so at once, after one pull attempt, naming the image, the registry and the setting that
 * points Migratest at a local image. Skipped where Docker does not answer at all.
 */
class DockerWithoutImageTest {

    @Test
    void the_helper_image_looked_up_is_the_one_testcontainers_starts() throws ReflectiveOperationException {
        Field tiny = DockerClientFactory.class.getDeclaredField("TINY_IMAGE");
        tiny.setAccessible(true);
        assertThat(tiny.get(null)).hasToString(ContainerProvider.DockerCheck.TINY_IMAGE);
    }

    @Test
    void an_image_that_is_neither_here_nor_pullable_is_reported_with_what_to_set() {
        ContainerProvider provider = new ContainerProvider();
        Settings settings = Settings.of("migratest.postgres.image", "migratest-local/nope:1");
        String docker = provider.unavailableReason(Engine.POSTGRES, settings);
        assumeTrue(docker == null, () -> "Docker does not answer: " + docker);

        assertThatThrownBy(() -> provider.start(Engine.POSTGRES, settings))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContainingAll("Cannot start a POSTGRES container", "image migratest-local/nope:1 is not on this"
                        + " machine", "docker.io", "migratest.postgres.image (MIGRATEST_POSTGRES_IMAGE)", "docker images");
    }
}
