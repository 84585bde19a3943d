package io.migratest.assertj;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.EmbeddedPostgresProvider;
import io.migratest.db.internal.ManagedServer;
import io.migratest.db.internal.MySqlDialect;
import io.migratest.db.internal.ServerProvider;
import io.migratest.db.internal.SimpleDataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * Embedded PostgreSQL, the machine's MariaDB service and its real MySQL server (127.0.0.1:3307 through
 * the server provider; -Dmigratest.test.mysql.url), one of each per JVM, for these tests.
 */
final class TestDatabases {

    private static DatabaseServer postgres;
    private static DatabaseServer mariadb;
    private static DatabaseServer mysql;

    private TestDatabases() {
    }

    static synchronized TestDatabase create(Engine engine) {
        return switch (engine) {
            case POSTGRES -> (postgres != null ? postgres : (postgres = stopAtExit(
                    new EmbeddedPostgresProvider().start(Engine.POSTGRES, Settings.of())))).createDatabase();
            case MARIADB -> (mariadb != null ? mariadb : (mariadb = stopAtExit(localMariaDb()))).createDatabase();
            case MYSQL -> (mysql != null ? mysql : (mysql = stopAtExit(localMySql()))).createDatabase();
        };
    }

    private static DatabaseServer localMariaDb() {
        String base = System.getProperty("migratest.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
        return new ManagedServer(Engine.MARIADB, "server", new MySqlDialect(),
                new SimpleDataSource(base, "root", ""), name -> base + name, "root", "", () -> { });
    }

    private static DatabaseServer localMySql() {
        Settings settings = Settings.of(
                "migratest.mysql.url", System.getProperty("migratest.test.mysql.url", "jdbc:mysql://127.0.0.1:3307/"),
                "migratest.mysql.user", "root");
        ServerProvider provider = new ServerProvider();
        String reason = provider.unavailableReason(Engine.MYSQL, settings);
        if (reason != null) {
            if (Settings.fromEnvironment().flag("migratest.requireEngines")) {
                throw new AssertionError("No MySQL server (migratest.requireEngines is set): " + reason);
            }
            Assumptions.abort("No MySQL server: " + reason);
        }
        return provider.start(Engine.MYSQL, settings);
    }

    private static DatabaseServer stopAtExit(DatabaseServer server) {
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "migratest-test-server-stop"));
        return server;
    }
}
