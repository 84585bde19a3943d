package io.migratest.db.internal;

import io.migratest.MigratestException;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.db.Template;
import io.migratest.db.TemplateKey;
import io.migratest.db.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Templates kept on one server across runs, named {@code migratest_tpl_<hash>} by the hash of
 * their {@link TemplateKey} and the server's engine and version, so that a template is reused
 * exactly while nothing it was built from changed, and a changed part means another name.
 *
 * <p>Builds are serialised per template by a server session lock ({@link
 * ServerDialect#lockTemplate}): of several JVMs asking at once, one builds and the others wait,
 * then find its marker ({@link TemplateRegistry}) and reuse it. A template is reused only when
 * its database exists and its marker lists the same parts with the same digests. Unused ones
 * are dropped by age and, past a size cap, least recently used first; only databases named
 * like Migratest's templates are ever dropped.
 */
final class TemplateCache {

    /** The prefix of kept templates' names; never matches {@link ManagedServer#DATABASE_NAME}. */
    static final String PREFIX = ManagedServer.NAME_PREFIX + "tpl_";

    static final Pattern NAME = Pattern.compile("^migratest_tpl_[0-9a-f]{20}$");

    private static final Logger LOG = LoggerFactory.getLogger(TemplateCache.class);

    // what registry and eviction lock under: one name of their own, beside the templates' names
    private static final String REGISTRY_LOCK = TemplateRegistry.DATABASE;

    private final Engine engine;
    private final Dialect dialect;
    private final DataSource admin;
    private final String runId;
    private final String password;
    private final String where;
    private final Settings settings;
    private final Function<String, DataSource> dataSourceFor;
    private final Function<String, TestDatabase> openTemplate;
    private final Map<String, Template> handedOut = new ConcurrentHashMap<>();
    // when this JVM last wrote each handed-out template's used_at; handedOut is invisible to other JVMs
    private final Map<String, AtomicLong> refreshedAt = new ConcurrentHashMap<>();
    private volatile TemplateRegistry registry;
    private volatile Map<String, String> serverParts;

    /**
     * @param dataSourceFor connections to a database of the server given its name
     * @param openTemplate  a handle on a kept template that closing does not drop
     * @param where         the server, for messages
     */
    TemplateCache(Engine engine, Dialect dialect, DataSource admin, String runId, String password, String where,
            Settings settings, Function<String, DataSource> dataSourceFor, Function<String, TestDatabase> openTemplate) {
        this.engine = engine;
        this.dialect = dialect;
        this.admin = admin;
        this.runId = runId;
        this.password = password;
        this.where = where;
        this.settings = settings;
        this.dataSourceFor = dataSourceFor;
        this.openTemplate = openTemplate;
    }

    /** Whether {@code name} is a template this cache handed out, and so may be copied. */
    boolean isHandedOut(String name) {
        return handedOut.containsKey(name);
    }

    /**
     * Notes that a copy of the handed-out template {@code name} is being made: its marker's
     * used_at is rewritten once a tenth of {@link Setting#RECLAIM_AFTER} (a minute by default)
     * has passed since this JVM last wrote it, so that a long run's template never looks idle to
     * another JVM's eviction, at one write a minute however many copies are made. A failed write
     * is logged, never fails the copy.
     */
    void copying(String name) {
        AtomicLong last = refreshedAt.get(name);
        TemplateRegistry markers = registry;
        if (last == null || markers == null) {
            return;
        }
        long now = System.currentTimeMillis();
        long seen = last.get();
        if (now - seen < settings.get(Setting.RECLAIM_AFTER).toMillis() / 10 || !last.compareAndSet(seen, now)) {
            return; // written recently, or another thread is writing it now
        }
        try {
            markers.touch(name, now);
        } catch (SQLException e) {
            LOG.warn("Could not mark template {} on {} as still in use; another run may drop it: {}", name, where,
                    JdbcUrls.scrub(e.getMessage(), password));
        }
    }

    /** The template of {@code key}: the kept one, or one {@code build} fills now, under the template's lock. */
    Template template(TemplateKey key, Consumer<TestDatabase> build) {
        try {
            TemplateRegistry markers = registry();
            Map<String, String> server = serverParts();
            String hash = key.hash(server);
            String name = PREFIX + hash.substring(0, 20);
            Template known = handedOut.get(name);
            if (known != null) {
                return known;
            }
            SortedMap<String, String> parts = new TreeMap<>(key.digests());
            parts.putAll(server);
            // handed out before its lock is released, so that no eviction can take it between the two
            Template template = withLock(name, lock -> {
                Template ready = reuseOrBuild(markers, key, name, parts, build);
                refreshedAt.put(name, new AtomicLong(System.currentTimeMillis()));
                handedOut.put(name, ready);
                return ready;
            });
            evictQuietly(markers);
            return template;
        } catch (SQLException e) {
            throw new MigratestException("Could not keep the template " + key.label() + " on " + where + ": "
                    + JdbcUrls.scrub(e.getMessage(), password) + " => check that the user may create databases, or set "
                    + Setting.TEMPLATES_CACHE.key() + "=false to build templates per run", e);
        }
    }

    private Template reuseOrBuild(TemplateRegistry markers, TemplateKey key, String name,
            SortedMap<String, String> parts, Consumer<TestDatabase> build) throws SQLException {
        Optional<TemplateRegistry.Entry> marker = markers.find(name);
        boolean exists = databases().contains(name);
        long now = System.currentTimeMillis();
        if (marker.isPresent() && exists && marker.get().digests().equals(parts)) {
            markers.touch(name, now);
            String reason = "reused " + name + ", built " + Instant.ofEpochMilli(marker.get().builtAt())
                    + " by run " + marker.get().builtBy();
            LOG.info("Template {}: {}", key.label(), reason);
            return new Template(openTemplate.apply(name), true, reason);
        }
        String lineage = TemplateKey.sha256(key.label().getBytes(StandardCharsets.UTF_8));
        String reason = marker.isPresent() && exists ? "its marker lists other parts (a hash collision)"
                : marker.isPresent() ? "the kept database " + name + " was dropped"
                : whatChanged(markers.previous(lineage, name), parts);
        // The marker goes first and the database after: a half-dropped template is never reused.
        markers.delete(name);
        if (exists) {
            execute(dialect.dropDatabase(name));
        }
        execute(dialect.createDatabase(name));
        TestDatabase database = openTemplate.apply(name);
        try {
            build.accept(database);
        } catch (RuntimeException e) {
            dropQuietly(name);
            throw e;
        }
        long built = System.currentTimeMillis(); // when the template became usable, not when its build began
        markers.put(new TemplateRegistry.Entry(name, key.label(), lineage, parts, built, built, sizeOf(name), runId));
        LOG.info("Template {}: built {} ({})", key.label(), name, reason);
        return new Template(database, false, "built " + name + ": " + reason);
    }

    /** Names the parts that differ from the template last built for the same label. */
    static String whatChanged(Optional<TemplateRegistry.Entry> previous, Map<String, String> parts) {
        if (previous.isEmpty()) {
            return "no template was kept for it yet";
        }
        Map<String, String> before = previous.get().digests();
        List<String> changes = new ArrayList<>();
        for (Map.Entry<String, String> part : parts.entrySet()) {
            String old = before.get(part.getKey());
            if (old == null) {
                changes.add(part.getKey() + " added");
            } else if (!old.equals(part.getValue())) {
                changes.add(part.getKey() + " changed");
            }
        }
        for (String part : before.keySet()) {
            if (!parts.containsKey(part)) {
                changes.add(part + " removed");
            }
        }
        return changes.isEmpty() ? "no template was kept for it yet" : String.join(", ", changes)
                + " since " + previous.get().name();
    }

    private interface Locked<T> {
        T run(Connection lock) throws SQLException;
    }

    private <T> T withLock(String name, Locked<T> work) throws SQLException {
        int wait = (int) Math.min(Integer.MAX_VALUE, settings.get(Setting.MIGRATION_STEP_TIMEOUT).toSeconds() * 10);
        try (Connection lock = admin.getConnection()) {
            if (!dialect.lockTemplate(lock, name, wait)) {
                throw new MigratestException("Another run has been building template " + name + " on " + where
                        + " for over " + wait + " s => wait for it to finish, or stop it");
            }
            return thenUnlock(lock, name, work);
        }
    }

    /** Runs {@code work} holding the lock of {@code name}, then releases it; a failed release never hides work's own failure. */
    private <T> T thenUnlock(Connection lock, String name, Locked<T> work) throws SQLException {
        T result;
        try {
            result = work.run(lock);
        } catch (SQLException | RuntimeException | Error e) {
            try {
                dialect.unlockTemplate(lock, name);
            } catch (SQLException | RuntimeException unlock) {
                e.addSuppressed(unlock);
            }
            throw e;
        }
        dialect.unlockTemplate(lock, name);
        return result;
    }

    private TemplateRegistry registry() throws SQLException {
        TemplateRegistry known = registry;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (registry == null) {
                registry = withLock(REGISTRY_LOCK, lock -> {
                    if (!databases().contains(TemplateRegistry.DATABASE)) {
                        execute(dialect.createDatabase(TemplateRegistry.DATABASE));
                    }
                    TemplateRegistry created = new TemplateRegistry(dataSourceFor.apply(TemplateRegistry.DATABASE));
                    created.createTable();
                    return created;
                });
            }
            return registry;
        }
    }

    private Map<String, String> serverParts() throws SQLException {
        if (serverParts == null) {
            try (Connection connection = admin.getConnection()) {
                serverParts = Map.of("engine", engine.key(),
                        "server version", dialect.serverVersion(connection));
            }
        }
        return serverParts;
    }

    /**
     * Drops kept templates unused for longer than {@link Setting#TEMPLATES_MAX_AGE}, then, while
     * the rest pass {@link Setting#TEMPLATES_MAX_SIZE}, the least recently used, and template
     * databases whose build died before their marker was written. Spares what this server handed
     * out, what another session holds the lock of (a build), and what was used within
     * {@link Setting#RECLAIM_AFTER} (another run may be copying it).
     *
     * @return the names dropped
     */
    List<String> evict() throws SQLException {
        TemplateRegistry markers = registry();
        return withLock(REGISTRY_LOCK, lock -> evict(markers, lock));
    }

    private void evictQuietly(TemplateRegistry markers) {
        try {
            withLock(REGISTRY_LOCK, lock -> evict(markers, lock));
        } catch (SQLException | MigratestException e) {
            LOG.warn("Could not drop old templates on {}: {}", where, JdbcUrls.scrub(e.getMessage(), password));
        }
    }

    private List<String> evict(TemplateRegistry markers, Connection lock) throws SQLException {
        long now = System.currentTimeMillis();
        long oldest = now - Duration.ofHours(settings.get(Setting.TEMPLATES_MAX_AGE)).toMillis();
        long busy = now - settings.get(Setting.RECLAIM_AFTER).toMillis();
        long cap = settings.get(Setting.TEMPLATES_MAX_SIZE) * 1024L * 1024L;
        Set<String> onServer = databases();
        List<String> dropped = new ArrayList<>();
        List<TemplateRegistry.Entry> kept = new ArrayList<>();
        Set<String> marked = new TreeSet<>();
        for (TemplateRegistry.Entry entry : markers.all()) {
            marked.add(entry.name());
            if (!onServer.contains(entry.name())) {
                markers.delete(entry.name());
            } else if (entry.usedAt() < oldest && dropIfIdle(markers, lock, entry.name())) {
                dropped.add(entry.name());
            } else {
                kept.add(entry);
            }
        }
        long total = kept.stream().mapToLong(TemplateRegistry.Entry::sizeBytes).sum();
        for (TemplateRegistry.Entry entry : kept) { // least recently used first
            if (total <= cap) {
                break;
            }
            if (entry.usedAt() < busy && dropIfIdle(markers, lock, entry.name())) {
                dropped.add(entry.name());
                total -= entry.sizeBytes();
            }
        }
        for (String name : onServer) {
            if (NAME.matcher(name).matches() && !marked.contains(name) && dropIfUnmarked(markers, lock, name)) {
                dropped.add(name);
            }
        }
        if (!dropped.isEmpty()) {
            LOG.info("Dropped {} kept template(s) on {}: {}", dropped.size(), where, dropped);
        }
        return dropped;
    }

    private boolean dropIfIdle(TemplateRegistry markers, Connection lock, String name) throws SQLException {
        if (!NAME.matcher(name).matches() || handedOut.containsKey(name) || !dialect.lockTemplate(lock, name, 0)) {
            return false;
        }
        return thenUnlock(lock, name, session -> {
            if (handedOut.containsKey(name)) {
                return false;
            }
            markers.delete(name);
            execute(dialect.dropDatabase(name));
            return true;
        });
    }

    /**
     * Drops {@code name} as a build that died before writing its marker, unless a marker is there
     * once its lock is held: the build may have finished since the markers were listed.
     */
    private boolean dropIfUnmarked(TemplateRegistry markers, Connection lock, String name) throws SQLException {
        if (!NAME.matcher(name).matches() || handedOut.containsKey(name) || !dialect.lockTemplate(lock, name, 0)) {
            return false;
        }
        return thenUnlock(lock, name, session -> {
            if (handedOut.containsKey(name) || markers.find(name).isPresent()) {
                return false;
            }
            execute(dialect.dropDatabase(name));
            return true;
        });
    }

    private void dropQuietly(String name) {
        try {
            execute(dialect.dropDatabase(name));
        } catch (SQLException e) {
            LOG.warn("Could not drop the half-built template {}: {}", name, JdbcUrls.scrub(e.getMessage(), password));
        }
    }

    private long sizeOf(String name) throws SQLException {
        try (Connection connection = admin.getConnection();
                PreparedStatement query = connection.prepareStatement(dialect.databaseSizeQuery())) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private Set<String> databases() throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(dialect.listDatabases())) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
