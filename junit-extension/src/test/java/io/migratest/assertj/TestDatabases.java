package io.migratest.assertj;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.EmbeddedPostgresProvider;
import io.migratest.db.internal.ManagedServer;
import io.migratest.db.internal.MySqlDialect;
import io.migratest.db.internal.SimpleDataSource;

/** Embedded PostgreSQL and the machine's MariaDB service, one of each per JVM, for these tests. */
final class TestDatabases {

    private static DatabaseServer postgres;
    private static DatabaseServer mariadb;

    private TestDatabases() {
    }

    static synchronized TestDatabase create(Engine engine) {
        return switch (engine) {
            case POSTGRES -> (postgres != null ? postgres : (postgres = stopAtExit(
                    new EmbeddedPostgresProvider().start(Engine.POSTGRES, Settings.of())))).createDatabase();
            case MARIADB -> (mariadb != null ? mariadb : (mariadb = stopAtExit(localMariaDb()))).createDatabase();
            case MYSQL -> throw new IllegalArgumentException("not run here");
        };
    }

    private static DatabaseServer localMariaDb() {
        String base = System.getProperty("migratest.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
        return new ManagedServer(Engine.MARIADB, "server", new MySqlDialect(),
                new SimpleDataSource(base, "root", ""), name -> base + name, "root", "", () -> { });
    }

    private static DatabaseServer stopAtExit(DatabaseServer server) {
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "migratest-test-server-stop"));
        return server;
    }
}
