package io.migratest.testing;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.internal.EmbeddedPostgresProvider;
import io.migratest.db.internal.ManagedServer;
import io.migratest.db.internal.MySqlDialect;
import io.migratest.db.internal.SimpleDataSource;

/**
 * Servers for core's own tests: embedded PostgreSQL, and the MariaDB service of the machine
 * (127.0.0.1:3306, root, empty password; override with -Dmigratest.test.mariadb.url). One of each
 * per JVM, stopped at exit.
 */
public final class TestServers {

    private static DatabaseServer postgres;
    private static DatabaseServer mariadb;

    private TestServers() {
    }

    /** The server for {@code engine}: POSTGRES (embedded) or MARIADB (local service). */
    public static synchronized DatabaseServer of(Engine engine) {
        return switch (engine) {
            case POSTGRES -> postgres != null ? postgres : (postgres = stopAtExit(
                    new EmbeddedPostgresProvider().start(Engine.POSTGRES, Settings.of())));
            case MARIADB -> mariadb != null ? mariadb : (mariadb = stopAtExit(localMariaDb()));
            case MYSQL -> throw new IllegalArgumentException("core's tests run MySQL through the container provider");
        };
    }

    /**
     * A new handle on the machine's own service (PostgreSQL 127.0.0.1:5432 user postgres, or
     * MariaDB), for a test that closes it and then looks at the service through another handle.
     */
    public static DatabaseServer fresh(Engine engine) {
        return switch (engine) {
            case POSTGRES -> localPostgres();
            case MARIADB -> localMariaDb();
            case MYSQL -> throw new IllegalArgumentException("core's tests run MySQL through the container provider");
        };
    }

    private static DatabaseServer localPostgres() {
        String base = System.getProperty("migratest.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
        String user = System.getProperty("migratest.test.postgres.user", "postgres");
        String password = System.getProperty("migratest.test.postgres.password", "");
        return new ManagedServer(Engine.POSTGRES, "server", new io.migratest.db.internal.PostgresDialect(),
                new SimpleDataSource(base + "postgres", user, password), name -> base + name, user, password, () -> { });
    }

    private static DatabaseServer localMariaDb() {
        String base = System.getProperty("migratest.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
        String user = System.getProperty("migratest.test.mariadb.user", "root");
        String password = System.getProperty("migratest.test.mariadb.password", "");
        return new ManagedServer(Engine.MARIADB, "server", new MySqlDialect(),
                new SimpleDataSource(base, user, password), name -> base + name, user, password, () -> { });
    }

    private static DatabaseServer stopAtExit(DatabaseServer server) {
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "migratest-test-server-stop"));
        return server;
    }
}
