package io.migratest.db.internal;

import io.migratest.MigratestException;
import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server on which Migratest creates, copies and drops databases of its own. Every database it
 * makes is named {@code migratest_<run>_<n>} and remembered; it drops only those.
 */
public final class ManagedServer implements DatabaseServer {

    /** Every database Migratest creates starts with this; nothing else is ever dropped. */
    public static final String NAME_PREFIX = "migratest_";

    private static final Logger LOG = LoggerFactory.getLogger(ManagedServer.class);

    private final Engine engine;
    private final String providerName;
    private final Dialect dialect;
    private final DataSource admin;
    private final UnaryOperator<String> urlForDatabase;
    private final String user;
    private final String password;
    private final Runnable onClose;
    private final String runId;
    /**
     * Shared by every server of this JVM: two servers may point at one physical server (two
     * providers, or two settings), and their database names must still never collide.
     */
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final Set<String> kept = ConcurrentHashMap.newKeySet();
    private final ClonePool clonePool;

    /**
     * @param admin          connections to a database of the server that tests never use
     * @param urlForDatabase the JDBC URL of a database given its name
     * @param onClose        what stops the server, or nothing for a server Migratest did not start
     */
    public ManagedServer(Engine engine, String providerName, Dialect dialect, DataSource admin,
            UnaryOperator<String> urlForDatabase, String user, String password, Runnable onClose) {
        this.engine = engine;
        this.providerName = providerName;
        this.dialect = dialect;
        this.admin = admin;
        this.urlForDatabase = urlForDatabase;
        this.user = user;
        this.password = password;
        this.onClose = onClose;
        this.runId = RunId.current();
        int poolDepth = Settings.fromEnvironment().get("migratest.clonePool").map(Integer::parseInt).orElse(1);
        this.clonePool = new ClonePool(poolDepth, this::copyNow, this::drop);
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public String providerName() {
        return providerName;
    }

    /** The prefix of the names of every database this run creates. */
    public String runPrefix() {
        return NAME_PREFIX + runId + "_";
    }

    @Override
    public TestDatabase createDatabase() {
        String name = nextName();
        execute(dialect.createDatabase(name), "create database " + name);
        created.add(name);
        return open(name);
    }

    @Override
    public TestDatabase cloneDatabase(TestDatabase template) {
        return open(clonePool.take(template.name()));
    }

    private String copyNow(String template) {
        String name = nextName();
        try (Connection connection = admin.getConnection()) {
            dialect.cloneDatabase(connection, template, name);
        } catch (SQLException e) {
            // A half-made copy (MySQL copies table by table) must not outlive the failure.
            created.add(name);
            drop(name);
            throw new MigratestException("Could not copy database " + template + " to " + name
                    + " on " + describe() + ": " + e.getMessage(), e);
        }
        created.add(name);
        return name;
    }

    private TestDatabase open(String name) {
        String url = urlForDatabase.apply(name);
        return new ServerDatabase(this, engine, name, url, user, password);
    }

    private String nextName() {
        return runPrefix() + SEQUENCE.incrementAndGet();
    }

    void keep(String name) {
        kept.add(name);
    }

    /** Drops a database this server created; refuses any other name. Never throws. */
    void drop(String name) {
        if (!created.remove(name)) {
            LOG.warn("Not dropping database {}: Migratest did not create it in this run", name);
            return;
        }
        if (kept.contains(name)) {
            LOG.warn("Keeping database {} for inspection: {}", name, JdbcUrls.mask(urlForDatabase.apply(name)));
            return;
        }
        try {
            execute(dialect.dropDatabase(name), "drop database " + name);
        } catch (MigratestException e) {
            LOG.warn("Could not drop database {}: {}", name, e.getMessage());
        }
    }

    private void execute(String sql, String what) {
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new MigratestException("Could not " + what + " on " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** The names of the databases this run created and has not dropped yet. */
    public List<String> createdDatabases() {
        return new ArrayList<>(created);
    }

    @Override
    public String describe() {
        return engine + " via " + providerName + " at " + JdbcUrls.mask(urlForDatabase.apply("<database>"));
    }

    @Override
    public void close() {
        clonePool.close();
        for (String name : createdDatabases()) {
            drop(name);
        }
        try {
            onClose.run();
        } catch (RuntimeException e) {
            LOG.warn("Could not stop {}: {}", describe(), e.getMessage());
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
