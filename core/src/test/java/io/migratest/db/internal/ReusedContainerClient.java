package io.migratest.db.internal;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One of the JVMs of {@link ContainerReuseAcrossJvmsTest}: gets Docker ready, says so by creating
 * its ready file, waits for the go file, asks the container provider for the reused PostgreSQL
 * container (the settings come as system properties), prints {@code SERVER <where>}, and keeps
 * the server until the done file appears (so that nothing a JVM's exit does can hide a second
 * container). Stops waiting when the test's JVM is gone.
 */
final class ReusedContainerClient {

    private ReusedContainerClient() {
    }

    public static void main(String[] args) throws Exception {
        Path ready = Path.of(args[0]);
        Path go = Path.of(args[1]);
        Path done = Path.of(args[2]);
        Settings settings = Settings.fromEnvironment();
        ContainerProvider provider = new ContainerProvider();
        String reason = provider.unavailableReason(Engine.POSTGRES, settings);
        if (reason != null) {
            System.out.println("UNAVAILABLE " + reason);
            System.exit(2);
        }
        // what start() asks Docker first, so that both JVMs race only for the container
        ContainerProvider.identity(Dialect.of(Engine.POSTGRES), ContainerProvider.imageName(Engine.POSTGRES, settings));
        Files.createFile(ready);
        awaitFile(go);
        try (DatabaseServer server = provider.start(Engine.POSTGRES, settings)) {
            System.out.println("SERVER " + server.describe());
            System.out.flush();
            awaitFile(done);
        }
        System.exit(0);
    }

    private static void awaitFile(Path file) throws InterruptedException {
        while (!Files.exists(file)) {
            if (ProcessHandle.current().parent().map(parent -> !parent.isAlive()).orElse(true)) {
                System.out.println("The test's JVM is gone; stopping");
                System.exit(3);
            }
            Thread.sleep(5);
        }
    }
}
