package io.migratest.db.internal;

import io.migratest.MigratestException;
import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.db.Template;
import io.migratest.db.TemplateKey;
import io.migratest.db.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server on which Migratest creates, copies and drops databases of its own. Every database it
 * makes is named {@code migratest_<run>_<n>} and remembered; it drops only those.
 *
 * <p>While it has databases, a server holds a session lock named after its run id on one
 * long-lived connection. That lock is how another run tells a live run's databases from the
 * leftovers of a killed one ({@link #reclaimAbandoned()}): a run's lock can be taken only once
 * the run is gone, since the server frees session locks when a session ends.
 */
public final class ManagedServer implements DatabaseServer {

    /** Every database Migratest creates starts with this; nothing else is ever dropped. */
    public static final String NAME_PREFIX = "migratest_";

    /**
     * The names of every database a run makes; the group is the run id. Kept templates
     * ({@code migratest_tpl_<hash>}) are not a run's: their cache drops them.
     */
    public static final Pattern DATABASE_NAME = Pattern.compile("^migratest_(?!tpl_)([a-z0-9]+)_[0-9]+$");

    private static final Logger LOG = LoggerFactory.getLogger(ManagedServer.class);

    private final Engine engine;
    private final String providerName;
    private final Dialect dialect;
    private final DataSource admin;
    private final UnaryOperator<String> urlForDatabase;
    private final String user;
    private final String password;
    private final Runnable onClose;
    // Each server has a run id of its own, so two servers of one JVM on one physical server
    // neither collide in names nor share a run lock.
    private final String runId = RunId.next();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final Set<String> kept = ConcurrentHashMap.newKeySet();
    private final ClonePool clonePool;
    private final TemplateCache templates;
    private final Settings settings;
    private final Object runLockGuard = new Object();
    // drops the databases tests are done with, so that no test waits for the one before it to go
    private final ExecutorService dropper = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "migratest-dropper");
        thread.setDaemon(true);
        return thread;
    });
    private Connection runLock;
    private boolean closed;

    /** A server with the settings of this JVM ({@link Settings#fromEnvironment()}), for tools and tests that make one. */
    public ManagedServer(Engine engine, String providerName, Dialect dialect, DataSource admin,
            UnaryOperator<String> urlForDatabase, String user, String password, Runnable onClose) {
        this(engine, providerName, dialect, admin, urlForDatabase, user, password, onClose, Settings.fromEnvironment());
    }

    /**
     * @param admin          connections to a database of the server that tests never use
     * @param urlForDatabase the JDBC URL of a database given its name
     * @param onClose        what stops the server, or nothing for a server Migratest did not start
     * @param settings       the run's settings, read once by whoever started the server
     */
    public ManagedServer(Engine engine, String providerName, Dialect dialect, DataSource admin,
            UnaryOperator<String> urlForDatabase, String user, String password, Runnable onClose, Settings settings) {
        this.engine = engine;
        this.providerName = providerName;
        this.dialect = dialect;
        this.admin = admin;
        this.urlForDatabase = urlForDatabase;
        this.user = user;
        this.password = password;
        this.onClose = onClose;
        this.settings = settings;
        this.clonePool = new ClonePool(settings.get(Setting.CLONE_POOL), this::copyNow, this::drop);
        this.templates = !settings.get(Setting.TEMPLATES_CACHE) ? null
                : new TemplateCache(engine, dialect, admin, runId, password, describe(), settings,
                        database -> new SimpleDataSource(urlForDatabase.apply(database), user, password, dialect,
                                Timeouts.forWork(settings)),
                        database -> new ServerDatabase(this, engine, database, urlForDatabase.apply(database), user,
                                password, true));
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public String providerName() {
        return providerName;
    }

    /** The settings this server was started with; its databases' Jdbi carry them ({@link JdbiSettings}). */
    public Settings settings() {
        return settings;
    }

    /** The id of this server's run, the middle part of its database names. */
    public String runId() {
        return runId;
    }

    /** The prefix of the names of every database this run creates. */
    public String runPrefix() {
        return NAME_PREFIX + runId + "_";
    }

    /**
     * Connections to the database of the server that tests never use, for what the server itself
     * answers (e.g. its version) before any test database exists; never to write to.
     */
    public DataSource serverDataSource() {
        return admin;
    }

    @Override
    public TestDatabase createDatabase() {
        holdRunLock();
        String name = nextName();
        execute(dialect.createDatabase(name), "create database " + name);
        created.add(name);
        return open(name);
    }

    /**
     * The template of {@code key}: with {@link Setting#TEMPLATES_CACHE} on (the default), the one
     * kept on this server by an earlier run with the same key, else built now and kept
     * ({@link TemplateCache}); with it off, a database of this run, dropped at its end.
     */
    @Override
    public Template template(TemplateKey key, Consumer<TestDatabase> build) {
        if (templates == null) {
            Template template = DatabaseServer.super.template(key, build);
            return new Template(template.database(), false, Setting.TEMPLATES_CACHE.key() + " is off");
        }
        return templates.template(key, build);
    }

    /** Drops the kept templates that are too old or past the size cap now, as a new template's build does; for tools and tests. */
    public List<String> evictTemplates() {
        if (templates == null) {
            return List.of();
        }
        try {
            return templates.evict();
        } catch (SQLException e) {
            throw new MigratestException("Could not drop old templates on " + describe() + ": "
                    + JdbcUrls.scrub(e.getMessage(), password), e);
        }
    }

    @Override
    public TestDatabase cloneDatabase(TestDatabase template) {
        if (!created.contains(template.name()) && (templates == null || !templates.isHandedOut(template.name()))) {
            throw new MigratestException("Cannot copy database " + template.name() + " on " + describe()
                    + ": only databases this run created can be copied => create the template with createDatabase()");
        }
        if (templates != null) {
            templates.copying(template.name()); // keeps a kept template's marker fresh for other JVMs' eviction
        }
        return open(clonePool.take(template.name()));
    }

    private String copyNow(String template) {
        holdRunLock();
        String name = nextName();
        try (Connection connection = admin.getConnection()) {
            dialect.cloneDatabase(connection, template, name);
        } catch (SQLException | RuntimeException e) {
            // A half-made copy (MySQL copies table by table) must not outlive the failure.
            created.add(name);
            drop(name);
            if (e instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new MigratestException("Could not copy database " + template + " to " + name
                    + " on " + describe() + ": " + JdbcUrls.scrub(e.getMessage(), password), e);
        }
        created.add(name);
        return name;
    }

    private TestDatabase open(String name) {
        String url = urlForDatabase.apply(name);
        return new ServerDatabase(this, engine, name, url, user, password);
    }

    private String nextName() {
        return runPrefix() + sequence.incrementAndGet();
    }

    void keep(String name) {
        if (isOwn(name) && kept.add(name)) {
            try {
                execute(dialect.createDatabase(KeptDatabases.markerOf(name)), "mark database " + name + " as kept");
            } catch (MigratestException e) {
                LOG.warn("Keeping database {}, but a later run may reclaim it: {}", name, e.getMessage());
            }
        }
    }

    private boolean isOwn(String name) {
        return name.startsWith(runPrefix()) && DATABASE_NAME.matcher(name).matches();
    }

    /**
     * Drops a database this server created; refuses any other name, whatever the caller or the
     * settings say. Never throws.
     */
    void drop(String name) {
        if (!isOwn(name) || !created.remove(name)) {
            LOG.warn("Not dropping database {}: Migratest did not create it in this run", name);
            return;
        }
        if (kept.contains(name)) {
            LOG.warn("Keeping database {} for inspection: {} => {}", name, JdbcUrls.mask(urlForDatabase.apply(name)),
                    KeptDatabases.howToDrop(name));
            return;
        }
        try {
            execute(dialect.dropDatabase(name), "drop database " + name);
        } catch (MigratestException e) {
            LOG.warn("Could not drop database {}: {}", name, e.getMessage());
        }
    }

    /**
     * Closes {@code database} as {@link TestDatabase#close()} does, but drops a database of a
     * {@code ManagedServer} on a background thread: the test that is done with it need not wait
     * (a {@code DROP DATABASE} takes 100-300 ms on a busy machine). The server's {@link #close()}
     * waits for every such drop; a database kept for inspection is still kept.
     */
    public static void closeInBackground(TestDatabase database) {
        if (database instanceof ServerDatabase own) {
            own.closeInBackground();
        } else {
            database.close();
        }
    }

    /** {@link #drop} on the dropper thread, or now once the server is closing. */
    void dropInBackground(String name) {
        try {
            dropper.execute(() -> drop(name));
        } catch (RejectedExecutionException e) {
            drop(name);
        }
    }

    private void awaitDrops() {
        dropper.shutdown();
        try {
            if (!dropper.awaitTermination(settings.get(Setting.MIGRATION_STEP_TIMEOUT).toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("Databases of {} are still being dropped; the rest are dropped now", describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void execute(String sql, String what) {
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new MigratestException("Could not " + what + " on " + describe() + ": "
                    + JdbcUrls.scrub(e.getMessage(), password), e);
        }
    }

    /**
     * Takes this run's lock before its first database exists, and again should the connection
     * that held it have been lost (a server restart, an idle timeout).
     */
    private void holdRunLock() {
        synchronized (runLockGuard) {
            if (closed) {
                throw new MigratestException(describe() + " is closed => create databases before closing the server");
            }
            try {
                if (runLock != null && runLock.isValid(10)) {
                    return;
                }
                if (runLock != null) {
                    LOG.warn("The connection holding the lock of run {} on {} was lost; taking the lock again",
                            runId, describe());
                    closeQuietly(runLock);
                    runLock = null;
                }
                Connection connection = admin.getConnection();
                if (!dialect.tryLockRun(connection, runId)) {
                    closeQuietly(connection);
                    throw new MigratestException("The lock of run " + runId + " on " + describe()
                            + " is held by another session: another run may be reclaiming this run's databases"
                            + " => run the tests again");
                }
                runLock = connection;
            } catch (SQLException e) {
                throw new MigratestException("Could not take the lock of run " + runId + " on " + describe() + ": "
                        + JdbcUrls.scrub(e.getMessage(), password), e);
            }
        }
    }

    /**
     * Drops the databases that runs killed before they could clean up left on this server: those
     * named like Migratest's whose run no longer holds its lock and started at least
     * {@code minimumAge} ago. Databases of live runs (in this JVM or elsewhere) and every database
     * not named like Migratest's are left alone.
     *
     * <p>The age is a second guard beside the lock, for a live run whose lock connection was cut
     * and for runs of Migratest versions that took no lock: a run is presumed alive for
     * {@code minimumAge} after it started.
     *
     * @return the names of the databases dropped
     */
    public List<String> reclaimAbandoned(Duration minimumAge) {
        holdRunLock();
        Instant youngest = Instant.now().minus(minimumAge);
        List<String> dropped = new ArrayList<>();
        try (Connection connection = admin.getConnection()) {
            for (Map.Entry<String, List<String>> run : leftoversByRun(connection).entrySet()) {
                boolean tooYoung = RunId.startedAt(run.getKey()).map(youngest::isBefore).orElse(false);
                if (tooYoung || !dialect.tryLockRun(connection, run.getKey())) {
                    continue;
                }
                try {
                    for (String name : run.getValue()) {
                        if (dropAbandoned(connection, run.getKey(), name)) {
                            dropped.add(name);
                        }
                    }
                } finally {
                    dialect.unlockRun(connection, run.getKey());
                }
            }
        } catch (SQLException e) {
            LOG.warn("Could not reclaim databases of killed runs on {}: {}", describe(),
                    JdbcUrls.scrub(e.getMessage(), password));
        }
        if (!dropped.isEmpty()) {
            LOG.info("Dropped {} database(s) left by killed runs on {}: {}", dropped.size(), describe(), dropped);
        }
        return dropped;
    }

    private Map<String, List<String>> leftoversByRun(Connection connection) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(dialect.listDatabases())) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        Map<String, List<String>> byRun = new TreeMap<>();
        for (String name : names) {
            KeptDatabases.reclaimableRun(name, names).filter(run -> !run.equals(runId))
                    .ifPresent(run -> byRun.computeIfAbsent(run, r -> new ArrayList<>()).add(name));
        }
        return byRun;
    }

    private boolean dropAbandoned(Connection connection, String run, String name) {
        Matcher database = DATABASE_NAME.matcher(name);
        Matcher marker = KeptDatabases.MARKER.matcher(name);
        Matcher matcher = database.matches() ? database : marker.matches() ? marker : null;
        if (matcher == null || !matcher.group(1).equals(run) || run.equals(runId)) {
            return false;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(dialect.dropDatabase(name));
            return true;
        } catch (SQLException e) {
            LOG.warn("Could not drop database {} left by killed run {}: {}", name, run,
                    JdbcUrls.scrub(e.getMessage(), password));
            return false;
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
        awaitDrops();
        for (String name : createdDatabases()) {
            drop(name);
        }
        synchronized (runLockGuard) {
            closed = true;
            if (runLock != null) {
                closeQuietly(runLock);
                runLock = null;
            }
        }
        try {
            onClose.run();
        } catch (RuntimeException e) {
            LOG.warn("Could not stop {}: {}", describe(), e.getMessage());
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing a connection failed: {}", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
