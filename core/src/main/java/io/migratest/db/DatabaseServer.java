package io.migratest.db;

import java.util.function.Consumer;

/**
 * A running database server on which Migratest creates isolated databases.
 *
 * <p>Closing a server stops what its provider started (an embedded process, a container) and
 * drops the databases it created; a server that was already running is left running.
 */
public interface DatabaseServer extends AutoCloseable {

    /** The engine this server speaks. */
    Engine engine();

    /** The name of the provider that started this server, e.g. {@code embedded}. */
    String providerName();

    /**
     * Creates a new, empty database that belongs to this run only. Closing the returned database
     * drops it.
     */
    TestDatabase createDatabase();

    /**
     * Creates a new database holding a copy of {@code template}'s schema and data, the cheapest
     * way this engine allows. The template must not be in use by open connections.
     */
    TestDatabase cloneDatabase(TestDatabase template);

    /**
     * The template for {@code key}: one a run kept on this server with the same key, or a new
     * database that {@code build} fills (migrations, fixtures). Servers that keep templates
     * across runs ({@code migratest.templates.cache}) name them by the key's hash and build each
     * once even when several JVMs ask at the same time; this default builds one per call, and
     * closing it drops it.
     */
    default Template template(TemplateKey key, Consumer<TestDatabase> build) {
        TestDatabase template = createDatabase();
        try {
            build.accept(template);
        } catch (RuntimeException e) {
            template.close();
            throw e;
        }
        return new Template(template, false, "this server keeps no templates across runs");
    }

    /** A human-readable description with credentials masked, for messages and logs. */
    String describe();

    /** Stops what this server's provider started; never throws for a server already gone. */
    @Override
    void close();
}
