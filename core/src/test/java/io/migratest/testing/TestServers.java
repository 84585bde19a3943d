package io.migratest.testing;

import io.migratest.db.DatabaseServer;
import io.migratest.db.DatabaseUnavailableException;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.internal.ContainerProvider;
import io.migratest.db.internal.EmbeddedPostgresProvider;
import io.migratest.db.internal.ManagedServer;
import io.migratest.db.internal.MySqlDialect;
import io.migratest.db.internal.PostgresDialect;
import io.migratest.db.internal.ServerProvider;
import io.migratest.db.internal.SimpleDataSource;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Servers for core's own tests: embedded PostgreSQL, the MariaDB service of the machine
 * (127.0.0.1:3306, root, empty password; override with -Dmigratest.test.mariadb.url), and for the
 * MYSQL engine real MySQL through both providers: a container of the MySQL image (see
 * {@link #container}; CI's is Debian's mysql-server, never MariaDB) and the MySQL server of the
 * machine through the server provider (127.0.0.1:3307, root, empty password, see
 * {@link #mysqlServer}; override with -Dmigratest.test.mysql.url). One of each per JVM, stopped
 * at exit.
 */
public final class TestServers {

    private static DatabaseServer postgres;
    private static DatabaseServer mariadb;
    private static DatabaseServer mysqlServer;
    private static final Map<Engine, DatabaseServer> CONTAINERS = new EnumMap<>(Engine.class);

    private TestServers() {
    }

    /**
     * The server for {@code engine}: POSTGRES (embedded), MARIADB (local service) or MYSQL (a
     * container, as {@link #container}; skipped or failed when Docker is missing).
     */
    public static synchronized DatabaseServer of(Engine engine) {
        return switch (engine) {
            case POSTGRES -> postgres != null ? postgres : (postgres = stopAtExit(
                    new EmbeddedPostgresProvider().start(Engine.POSTGRES, Settings.of())));
            case MARIADB -> mariadb != null ? mariadb : (mariadb = stopAtExit(localMariaDb()));
            case MYSQL -> container(Engine.MYSQL);
        };
    }

    /**
     * A container of {@code engine} from the container provider, started once per JVM with the
     * settings of the environment (e.g. {@code MIGRATEST_MYSQL_IMAGE}). When Docker or the image
     * is missing the calling test is aborted (skipped), unless {@code migratest.requireEngines}
     * is set, as CI does: then it fails.
     */
    public static synchronized DatabaseServer container(Engine engine) {
        DatabaseServer running = CONTAINERS.get(engine);
        if (running != null) {
            return running;
        }
        Settings settings = Settings.fromEnvironment();
        ContainerProvider provider = new ContainerProvider();
        try {
            String reason = provider.unavailableReason(engine, settings);
            if (reason != null) {
                throw new DatabaseUnavailableException(reason);
            }
            DatabaseServer server = stopAtExit(provider.start(engine, settings));
            CONTAINERS.put(engine, server);
            return server;
        } catch (DatabaseUnavailableException e) {
            if (settings.flag("migratest.requireEngines")) {
                throw new AssertionError("No " + engine + " container (migratest.requireEngines is set): "
                        + e.getMessage(), e);
            }
            Assumptions.abort("No " + engine + " container: " + e.getMessage()
                    + "\n(set migratest.requireEngines=true to fail instead of skipping)");
            throw e;
        }
    }

    /**
     * The machine's MySQL server through the server provider ({@code migratest.test.mysql.url},
     * default {@code jdbc:mysql://127.0.0.1:3307/}, root, empty password; CI starts it with
     * .ci/mysql-server.sh), started once per JVM. When it does not answer the calling test is
     * aborted (skipped), unless {@code migratest.requireEngines} is set: then it fails.
     */
    public static synchronized DatabaseServer mysqlServer() {
        if (mysqlServer == null) {
            mysqlServer = stopAtExit(localMySql());
        }
        return mysqlServer;
    }

    /**
     * A new handle on the machine's own service (PostgreSQL 127.0.0.1:5432 user postgres, MariaDB
     * 127.0.0.1:3306, or MySQL as {@link #mysqlServer}), for a test that closes it and then looks
     * at the service through another handle.
     */
    public static DatabaseServer fresh(Engine engine) {
        return switch (engine) {
            case POSTGRES -> localPostgres();
            case MARIADB -> localMariaDb();
            case MYSQL -> localMySql();
        };
    }

    /** The settings that point the server provider at the machine's MySQL server. */
    public static Settings mysqlServerSettings() {
        return Settings.of("migratest.mysql.url", System.getProperty("migratest.test.mysql.url", "jdbc:mysql://127.0.0.1:3307/"),
                "migratest.mysql.user", System.getProperty("migratest.test.mysql.user", "root"),
                "migratest.mysql.password", System.getProperty("migratest.test.mysql.password", ""));
    }

    private static DatabaseServer localMySql() {
        Settings settings = mysqlServerSettings();
        ServerProvider provider = new ServerProvider();
        String reason = provider.unavailableReason(Engine.MYSQL, settings);
        if (reason != null) {
            if (Settings.fromEnvironment().flag("migratest.requireEngines")) {
                throw new AssertionError("No MySQL server (migratest.requireEngines is set): " + reason);
            }
            Assumptions.abort("No MySQL server: " + reason
                    + "\n(set migratest.requireEngines=true to fail instead of skipping)");
        }
        return provider.start(Engine.MYSQL, settings);
    }

    private static DatabaseServer localPostgres() {
        String base = System.getProperty("migratest.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
        String user = System.getProperty("migratest.test.postgres.user", "postgres");
        String password = System.getProperty("migratest.test.postgres.password", "");
        return new ManagedServer(Engine.POSTGRES, "server", new PostgresDialect(),
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
