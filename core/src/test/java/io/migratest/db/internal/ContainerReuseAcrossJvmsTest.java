package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * Two JVMs that ask for the same reused container at the same moment start one container between
 * them: each gets Docker ready, then both are let go at once, and both end up on the same
 * container, the only one labelled with its identity. The image is the configured PostgreSQL
 * image under a tag of this test's own, so that its identity is new (no container of another run
 * can be found instead of started) and every container labelled with it is this test's to remove.
 */
class ContainerReuseAcrossJvmsTest {

    private static final Pattern PORT = Pattern.compile("^SERVER .*://[^/:]+:(\\d+)/");

    @Test
    void two_jvms_starting_at_once_start_one_container_and_both_use_it(@TempDir Path dir) throws Exception {
        Settings settings = Settings.fromEnvironment();
        String baseImage = ContainerProvider.imageName(Engine.POSTGRES, settings);
        dockerAndImageOrSkip(settings, baseImage);
        DockerClient docker = DockerClientFactory.instance().client();
        DockerImageName base = DockerImageName.parse(baseImage);
        String tag = "lock-test-" + HexFormat.of().toHexDigits(UUID.randomUUID().getLeastSignificantBits());
        String image = base.getUnversionedPart() + ":" + tag;
        docker.tagImageCmd(docker.inspectImageCmd(baseImage).exec().getId(), base.getUnversionedPart(), tag).exec();
        String identity = ContainerProvider.identity(Dialect.of(Engine.POSTGRES), image);
        List<Process> jvms = new ArrayList<>();
        Path go = dir.resolve("go");
        Path done = dir.resolve("done");
        try {
            assertThat(labelled(identity)).as("a new identity").isEmpty();
            for (int i = 0; i < 2; i++) {
                jvms.add(startJvm(dir, i, image, go, done));
            }
            awaitAll(dir, jvms, i -> Files.exists(dir.resolve("ready-" + i)), "ready");
            Files.createFile(go);
            awaitAll(dir, jvms, i -> port(dir, i).isPresent(), "on a server");

            List<Container> containers = labelled(identity);
            // ids only: a container's labels hold its password
            assertThat(containers).extracting(Container::getId).as("containers labelled %s", identity).hasSize(1);
            int published = publishedPort(containers.get(0));
            assertThat(List.of(port(dir, 0).orElseThrow(), port(dir, 1).orElseThrow()))
                    .as("the port each JVM connected to").containsExactly(published, published);

            Files.createFile(done);
            for (int i = 0; i < jvms.size(); i++) {
                assertThat(jvms.get(i).waitFor()).as("exit of JVM %s:\n%s", i, log(dir, i)).isZero();
            }
            assertThat(log(dir, 0) + log(dir, 1)).as("one started it, the other found it")
                    .contains("Started POSTGRES container from " + image).contains("Reusing the POSTGRES container");
        } finally {
            jvms.forEach(Process::destroyForcibly);
            for (Process jvm : jvms) {
                jvm.waitFor();
            }
            labelled(identity).forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
            docker.removeImageCmd(image).exec(); // the tag only: the image keeps its own name
        }
    }

    private static void dockerAndImageOrSkip(Settings settings, String image) {
        String reason = new ContainerProvider().unavailableReason(Engine.POSTGRES, settings);
        if (reason == null) {
            try {
                DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            } catch (RuntimeException e) {
                reason = "image " + image + " is not on this machine: " + e.getMessage();
            }
        }
        if (reason != null && settings.get(Setting.REQUIRE_ENGINES)) {
            throw new AssertionError("No container (migratest.requireEngines is set): " + reason);
        }
        String why = reason;
        Assumptions.assumeTrue(why == null, () -> "No container: " + why);
    }

    /** A JVM on this test's class path, its output in {@code jvm-<i>.log}. */
    private static Process startJvm(Path dir, int i, String image, Path go, Path done) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + Setting.CONTAINERS_REUSE.key() + "=true",
                "-D" + Setting.image(Engine.POSTGRES).key() + "=" + image,
                "-D" + Setting.CONTAINERS_LOCK_DIR.key() + "=" + dir.resolve("locks"),
                ReusedContainerClient.class.getName(),
                dir.resolve("ready-" + i).toString(), go.toString(), done.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("jvm-" + i + ".log").toFile())
                .start();
    }

    private interface JvmState {
        boolean reached(int jvm) throws IOException;
    }

    /** Waits until every JVM has reached {@code state}; a JVM that ends before fails the test with its output. */
    private static void awaitAll(Path dir, List<Process> jvms, JvmState state, String name)
            throws IOException, InterruptedException {
        for (int i = 0; i < jvms.size(); i++) {
            while (!state.reached(i)) {
                if (!jvms.get(i).isAlive() && !state.reached(i)) {
                    throw new AssertionError("JVM " + i + " ended (exit " + jvms.get(i).exitValue() + ") before it was "
                            + name + ":\n" + log(dir, i));
                }
                Thread.sleep(20);
            }
        }
    }

    private static Optional<Integer> port(Path dir, int i) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("jvm-" + i + ".log"))) {
            Matcher port = PORT.matcher(line);
            if (port.find()) {
                return Optional.of(Integer.parseInt(port.group(1)));
            }
        }
        return Optional.empty();
    }

    private static String log(Path dir, int i) throws IOException {
        return Files.readString(dir.resolve("jvm-" + i + ".log"));
    }

    private static List<Container> labelled(String identity) {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerProvider.REUSE_LABEL, identity)).exec();
    }

    private static int publishedPort(Container container) {
        return Arrays.stream(container.getPorts()).filter(p -> Objects.equals(p.getPrivatePort(), 5432))
                .map(ContainerPort::getPublicPort).filter(Objects::nonNull).findFirst().orElseThrow();
    }
}
