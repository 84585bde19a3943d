package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.migratest.db.DatabaseUnavailableException;
import io.migratest.db.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The turn to find or start a reused container: one holder at a time per identity, a bounded wait
 * for the others that says who holds it and what to do, and a turn that is free again once its
 * holder closes it. (Two JVMs: {@link ContainerReuseAcrossJvmsTest}.)
 */
class ContainerLockTest {

    @Test
    void a_second_taker_waits_for_the_holder_and_gives_up_with_the_reason_when_the_wait_is_over(@TempDir Path dir)
            throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            ContainerLock lock = ContainerLock.take(dir, "abc", Engine.POSTGRES, Duration.ofSeconds(5));
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.close();
            }
        });
        held.await();

        DatabaseUnavailableException refused = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> ContainerLock.take(dir, "abc", Engine.POSTGRES, Duration.ofMillis(200)).close());
        try (ContainerLock other = ContainerLock.take(dir, "another identity", Engine.POSTGRES, Duration.ofMillis(200))) {
            assertThat(other).as("another identity has its own turn").isNotNull();
        }
        release.countDown();
        holder.get();

        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("Waited 0 s for another thread of this JVM to find or start the reused"
                        + " POSTGRES container", dir.resolve("container-abc.lock").toString(), "migratest.pullTimeoutSeconds");
        try (ContainerLock again = ContainerLock.take(dir, "abc", Engine.POSTGRES, Duration.ofMillis(200))) {
            assertThat(again).as("free once its holder closed it").isNotNull();
        }
    }

    @Test
    void a_directory_that_cannot_hold_the_lock_names_the_setting(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a file"), "not a directory");

        DatabaseUnavailableException refused = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> ContainerLock.take(file, "abc", Engine.MYSQL, Duration.ofMillis(200)).close());

        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("Cannot take the lock that lets one JVM at a time start the reused"
                + " MYSQL container", "migratest.containers.lockDir", "MIGRATEST_CONTAINERS_LOCK_DIR",
                "migratest.containers.reuse=false");
    }

    @Test
    void closing_twice_frees_the_turn_once(@TempDir Path dir) {
        ContainerLock first = ContainerLock.take(dir, "abc", Engine.MARIADB, Duration.ofMillis(200));
        first.close();
        first.close();

        try (ContainerLock second = ContainerLock.take(dir, "abc", Engine.MARIADB, Duration.ofMillis(200))) {
            assertThat(catchThrowableOfType(DatabaseUnavailableException.class,
                    () -> ContainerLock.take(dir, "abc", Engine.MARIADB, Duration.ofMillis(200)).close()))
                    .as("a third taker while the second holds it").isNotNull();
            assertThat(second).isNotNull();
        }
    }
}
