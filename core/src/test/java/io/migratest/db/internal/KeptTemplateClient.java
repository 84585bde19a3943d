package io.migratest.db.internal;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.Template;
import io.migratest.db.TemplateKey;
import io.migratest.db.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One of the JVMs of {@link TemplateCacheAcrossJvmsTest}: starts the server provider for the
 * engine (the settings come from the environment), opens its kept templates' registry, says so
 * by creating {@code ready-<jvm>}, waits for {@code go}, prints {@code ASKED <millis>} and asks
 * for the template of the shared key, then prints
 * {@code TEMPLATE <name> reused=<true|false> GOT <millis>}. A build writes {@code build-<jvm>}
 * (its start, and its end once done) and takes a second, long enough for the other JVM to be
 * asking meanwhile. Stops waiting when the test's JVM is gone.
 */
final class KeptTemplateClient {

    /** How long a build takes: far longer than two JVMs let go at once need to both be asking. */
    static final long BUILD_MILLIS = 1000;

    private KeptTemplateClient() {
    }

    /** Arguments: the engine, the test run's unique text, this JVM's number, the shared directory. */
    public static void main(String[] args) {
        try {
            run(Engine.valueOf(args[0]), args[1], Integer.parseInt(args[2]), Path.of(args[3]));
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
        // the server's background threads must not keep this JVM, and the test, waiting
        System.exit(0);
    }

    static TemplateKey key(String unique) {
        return TemplateKey.builder("TemplateCacheAcrossJvmsTest " + unique).text("test", unique).build();
    }

    private static void run(Engine engine, String unique, int jvm, Path dir) throws Exception {
        Settings settings = Settings.fromEnvironment();
        try (DatabaseServer server = new ServerProvider().start(engine, settings)) {
            // what a first template asks before the template's lock (the registry and its lock),
            // so that both JVMs race only for that lock
            ((ManagedServer) server).evictTemplates();
            Files.createFile(dir.resolve("ready-" + jvm));
            awaitFile(dir.resolve("go"));
            System.out.println("ASKED " + System.currentTimeMillis());
            Template template = server.template(key(unique), database -> build(database, dir.resolve("build-" + jvm)));
            System.out.println("TEMPLATE " + template.database().name() + " reused=" + template.reused()
                    + " GOT " + System.currentTimeMillis());
            System.out.flush();
        }
    }

    private static void build(TestDatabase database, Path marker) {
        try {
            Files.writeString(marker, System.currentTimeMillis() + " ", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            database.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE seeded (note VARCHAR(20))");
                h.execute("INSERT INTO seeded VALUES ('built')");
            });
            Thread.sleep(BUILD_MILLIS);
            Files.writeString(marker, Long.toString(System.currentTimeMillis()), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building", e);
        }
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
