package io.migratest.migrate;

import io.migratest.MigratestException;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.Dialect;
import io.migratest.db.internal.LockWaits;
import io.migratest.db.internal.SimpleDataSource;
import io.migratest.migrate.internal.FailureMessages;
import io.migratest.migrate.internal.FlywayLogs;
import io.migratest.migrate.internal.MigrationDigests;
import io.migratest.migrate.internal.ProjectFlywayConfiguration;
import io.migratest.migrate.internal.StepWatchdog;
import io.migratest.migrate.internal.VendorLocations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.internal.configuration.ConfigUtils;
import org.flywaydb.core.internal.scanner.Scanner;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Runs Flyway migrations on one database, all at once or step by step.
 *
 * <pre>{@code
 * Migrator migrator = Migrator.configure(database)
 *         .locations("classpath:db/migration")
 *         .placeholder("schema_owner", "app")
 *         .load();
 * migrator.migrateTo("3");
 * }</pre>
 *
 * <p>Flyway's configuration passes through {@link Builder#flyway(Consumer)}, so every Flyway
 * setting works as it does in the application.
 */
public final class Migrator {

    private final ClassicConfiguration configuration;
    // asked only for a message: a database made on first use is not made to be named
    private final Supplier<String> databaseName;
    private final StepWatchdog watchdog;
    private final Memo memo;

    /**
     * What a migrator learns once and keeps, shared with the migrators made from it by
     * {@link #withCallbacks}, which run on the same database.
     */
    private static final class Memo {
        // The locations scanned once, on first use, for every Flyway command: a step-by-step run
        // would otherwise walk the class path three times per version.
        volatile Scanner<JavaMigration> scanned;
        volatile List<String> known;
        // Whether a migrate validated and succeeded: that one scan fixed the set of migrations, so
        // later migrates skip Flyway's validation, the largest part of a step's cost after the SQL
        // itself. A failed migrate validates again next time, as Flyway would.
        volatile boolean validated;
    }

    private Migrator(ClassicConfiguration configuration, Supplier<String> databaseName, StepWatchdog watchdog, Memo memo) {
        this.configuration = configuration;
        this.databaseName = databaseName;
        this.watchdog = watchdog;
        this.memo = memo;
    }

    /** Starts configuring a migrator for a database Migratest created. */
    public static Builder configure(TestDatabase database) {
        Builder builder = new Builder(database.dataSource(), () -> database.engine() + " database " + database.name())
                .placeholder("migratest.engine", database.engine().key())
                .locationVendor(database.engine().vendor(), Dialect.of(database.engine()).fallbackVendor().orElse(null));
        builder.lockWaits = LockWaits.of(database.engine());
        builder.stepTimeout = Settings.fromEnvironment().get(Setting.MIGRATION_STEP_TIMEOUT);
        return builder;
    }

    /**
     * Starts configuring a migrator for {@code engine} that is never connected: its locations
     * and {@link #contentDigests()} are those a migrator of a database of that engine would have
     * (the {@code {vendor}} folder, the {@code migratest.engine} placeholder), e.g. to name a
     * template before it exists. Its migration methods fail.
     */
    public static Builder configureUnconnected(Engine engine) {
        DataSource nowhere = new SimpleDataSource("jdbc:" + engine.vendor() + "://unconnected.invalid/", "", "");
        return new Builder(nowhere, () -> engine + " (unconnected)")
                .placeholder("migratest.engine", engine.key())
                .locationVendor(engine.vendor(), Dialect.of(engine).fallbackVendor().orElse(null));
    }

    /** Starts configuring a migrator for any data source. */
    public static Builder configure(DataSource dataSource) {
        return new Builder(dataSource, () -> "database " + dataSource);
    }

    /** Applies every pending migration; returns how many ran. */
    public int migrate() {
        return run(flyway(null), "migrate");
    }

    /**
     * Applies pending migrations up to and including {@code version}; returns how many ran.
     *
     * @throws MigratestException when the database is already past {@code version} (Flyway
     *                            community edition cannot go back) or no migration has that version
     */
    public int migrateTo(String version) {
        return migrateTo(version, (Callback) null);
    }

    private int migrateTo(String version, Callback listening) {
        MigrationVersion target = MigrationVersion.fromVersion(version);
        List<String> known = knownVersions();
        if (known.stream().noneMatch(v -> MigrationVersion.fromVersion(v).equals(target))) {
            throw new MigratestException("No migration has version " + version + " in "
                    + String.join(", ", locations()) + " => versions found: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
        // Out of order, Flyway would apply older pending versions below a target that is behind:
        // only then is the database asked first; otherwise a step that ran nothing is asked after.
        if (configuration.isOutOfOrder()) {
            refuseGoingBack(version);
        }
        int executed = run(flyway(target, listening), "migrate to version " + version);
        if (executed == 0) {
            refuseGoingBack(version);
        }
        return executed;
    }

    private void refuseGoingBack(String version) {
        Optional<String> current = currentVersion();
        if (current.isPresent() && MigrationVersion.fromVersion(current.get()).isNewerThan(version)) {
            throw new MigratestException("Cannot migrate " + databaseName.get() + " to version " + version
                    + ": it is already at version " + current.get()
                    + " => seed at the lower version first, or start from a fresh database");
        }
    }

    /** The versions of the migrations found, in order; read once, as the scan they come from. */
    private List<String> knownVersions() {
        List<String> versions = memo.known;
        return versions != null ? versions : remember(flyway(null).info().all());
    }

    private List<String> remember(MigrationInfo[] all) {
        List<String> versions = memo.known;
        if (versions == null) {
            List<String> found = new ArrayList<>();
            for (MigrationInfo info : all) {
                if (info.getVersion() != null) {
                    found.add(info.getVersion().getVersion());
                }
            }
            versions = List.copyOf(found);
            memo.known = versions;
        }
        return versions;
    }

    /**
     * As {@link #migrateTo(String)}, in one Flyway run, telling {@code listener} as each migration
     * starts and as it is applied: what a step-by-step caller learns from one call per version,
     * for the cost of one.
     */
    public int migrateTo(String version, StepListener listener) {
        return migrateTo(version, new Listening(listener));
    }

    /** Told of each migration of a {@link #migrateTo(String, StepListener)} run, on the migrating thread. */
    public interface StepListener {

        /** The migration with {@code version} ({@code null} for a repeatable one) starts. */
        void starting(String version);

        /** The migration with {@code version} ran; Flyway records it next. */
        void applied(String version);
    }

    private static final class Listening implements Callback {
        private final StepListener listener;

        Listening(StepListener listener) {
            this.listener = listener;
        }

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            MigrationInfo info = context.getMigrationInfo();
            String version = info == null || info.getVersion() == null ? null : info.getVersion().getVersion();
            if (event == Event.BEFORE_EACH_MIGRATE) {
                listener.starting(version);
            } else {
                listener.applied(version);
            }
        }

        @Override
        public String getCallbackName() {
            return "migratest-step-listener";
        }
    }

    /** Applies the next pending migration, if any; returns the version now current. */
    public Optional<String> migrateOneStep() {
        List<MigrationStep> pending = pending();
        if (pending.isEmpty()) {
            return currentVersion();
        }
        MigrationStep next = pending.get(0);
        if (next.version() == null) {
            migrate();
        } else {
            migrateTo(next.version());
        }
        return currentVersion();
    }

    /** The version of the latest applied migration, or empty on a database with no migrations. */
    public Optional<String> currentVersion() {
        MigrationInfo current = flyway(null).info().current();
        return current == null || current.getVersion() == null
                ? Optional.empty() : Optional.of(current.getVersion().getVersion());
    }

    /** Migrations found in the locations that have not been applied yet, in order. */
    public List<MigrationStep> pending() {
        return steps(flyway(null).info().pending());
    }

    /** Migrations applied to the database, in the order they ran. */
    public List<MigrationStep> history() {
        return steps(flyway(null).info().applied());
    }

    /** Every migration, applied or not, in order: what {@code flyway info} prints. */
    public List<MigrationStep> info() {
        MigrationInfo[] all = flyway(null).info().all();
        remember(all);
        return steps(all);
    }

    /**
     * A migrator like this one that also calls {@code extra} (e.g. per-statement callbacks that
     * watch what a step does); this migrator is unchanged. Both share one scan of the locations.
     */
    public Migrator withCallbacks(Callback... extra) {
        ClassicConfiguration copy = new ClassicConfiguration(configuration);
        List<Callback> all = new ArrayList<>(Arrays.asList(copy.getCallbacks()));
        all.addAll(Arrays.asList(extra));
        copy.setCallbacks(all.toArray(Callback[]::new));
        return new Migrator(copy, databaseName, watchdog, memo);
    }

    /**
     * A migrator like this one whose Flyway commands take their connections from
     * {@code connections}, which must reach the same database as this one: e.g. connections kept
     * open across the many short runs of a step-by-step pass, which otherwise each pay Flyway's
     * logins. The bounded wait of a step still watches and cancels through connections of its own.
     * This migrator is unchanged; both share one scan of the locations.
     */
    public Migrator onConnections(DataSource connections) {
        ClassicConfiguration copy = new ClassicConfiguration(configuration);
        copy.setDataSource(connections);
        return new Migrator(copy, databaseName, watchdog, memo);
    }

    /**
     * What this migrator migrates with, as digests of named parts: each file under its locations
     * (scripts and Java step classes), Java migrations and callbacks given in code, and the Flyway
     * settings that change the result. Equal digests mean equal migrations; it reads no database.
     * For a {@link io.migratest.db.TemplateKey}.
     */
    public Map<String, String> contentDigests() {
        return MigrationDigests.of(configuration);
    }

    /** The configured locations, with {@code {vendor}} resolved. */
    public List<String> locations() {
        return Arrays.stream(configuration.getLocations()).map(Object::toString).toList();
    }

    private Flyway flyway(MigrationVersion target) {
        return flyway(target, null);
    }

    private Flyway flyway(MigrationVersion target, Callback extra) {
        ClassicConfiguration copy = new ClassicConfiguration(configuration);
        if (target != null) {
            copy.setTarget(target);
        }
        if (memo.validated) {
            copy.setValidateOnMigrate(false);
        }
        if (extra != null) {
            List<Callback> callbacks = new ArrayList<>(Arrays.asList(configuration.getCallbacks()));
            callbacks.add(extra);
            copy.setCallbacks(callbacks.toArray(Callback[]::new));
        }
        if (configuration.getResourceProvider() == null && configuration.getJavaMigrationClassProvider() == null) {
            Scanner<JavaMigration> scanner = scanned();
            copy.setResourceProvider(scanner);
            copy.setJavaMigrationClassProvider(scanner);
        }
        return new Flyway(copy);
    }

    private Scanner<JavaMigration> scanned() {
        Scanner<JavaMigration> scanner = memo.scanned;
        if (scanner == null) {
            scanner = new Scanner<>(JavaMigration.class, configuration, configuration.getLocations());
            memo.scanned = scanner;
        }
        return scanner;
    }

    private int run(Flyway flyway, String what) {
        return FlywayLogs.holdingErrors(flywayErrors -> {
            if (watchdog != null) {
                watchdog.reset();
            }
            try {
                int executed = flyway.migrate().migrationsExecuted;
                memo.validated = configuration.isValidateOnMigrate();
                return executed;
            } catch (FlywayException e) {
                memo.validated = false;
                String message = FailureMessages.describe(e, what, databaseName.get(), flywayErrors);
                if (watchdog != null && watchdog.diagnosis().isPresent()) {
                    message += "\n  the step passed its bound of " + watchdog.bound().toSeconds() + " s ("
                            + Setting.MIGRATION_STEP_TIMEOUT.key() + ") and was cancelled; the server said then:\n  "
                            + watchdog.diagnosis().get();
                }
                throw new MigrationFailedException(message, e);
            } finally {
                if (watchdog != null) {
                    watchdog.stop();
                }
            }
        });
    }

    private static List<MigrationStep> steps(MigrationInfo[] infos) {
        List<MigrationStep> steps = new ArrayList<>();
        for (MigrationInfo info : infos) {
            steps.add(new MigrationStep(
                    info.getVersion() == null ? null : info.getVersion().getVersion(),
                    info.getDescription(), info.getScript(), String.valueOf(info.getType()),
                    info.getState().getDisplayName(), info.getExecutionTime()));
        }
        return steps;
    }

    /** Configures a {@link Migrator}; every setting has Flyway's default unless its javadoc says otherwise. */
    public static final class Builder {

        private final DataSource dataSource;
        private final Supplier<String> databaseName;
        private final List<String> locations = new ArrayList<>();
        private final Map<String, String> placeholders = new LinkedHashMap<>();
        private final List<Callback> callbacks = new ArrayList<>();
        private final List<JavaMigration> javaMigrations = new ArrayList<>();
        private final List<Consumer<FluentConfiguration>> customizers = new ArrayList<>();
        private final List<FlywayCustomizer> projectCustomizers = new ArrayList<>();
        private String vendor;
        private String fallbackVendor;
        private boolean vendorFallback = Settings.fromEnvironment().get(Setting.VENDOR_FALLBACK);
        private String[] schemas;
        private LockWaits lockWaits;
        private Duration stepTimeout;
        private Path projectDirectory = Path.of("");
        private Map<String, String> environment; // null: the process's own

        private Builder(DataSource dataSource, Supplier<String> databaseName) {
            this.dataSource = dataSource;
            this.databaseName = databaseName;
        }

        /**
         * Where migrations are found, as Flyway locations. Default {@code classpath:db/migration}.
         * {@code {vendor}} stands for the engine's Flyway vendor name ({@code postgresql},
         * {@code mysql}, {@code mariadb}); MariaDB falls back to {@code mysql} when it has no folder of
         * its own (see {@link #vendorFallback(boolean)}).
         */
        public Builder locations(String... locations) {
            this.locations.clear();
            this.locations.addAll(Arrays.asList(locations));
            return this;
        }

        /** A Flyway placeholder, {@code ${name}} in SQL migrations. None by default, but {@code migratest.engine}. */
        public Builder placeholder(String name, String value) {
            placeholders.put(name, value);
            return this;
        }

        /** Several Flyway placeholders at once. */
        public Builder placeholders(Map<String, String> values) {
            placeholders.putAll(values);
            return this;
        }

        /** The schemas Flyway manages; the first holds its history table. Default: the connection's schema. */
        public Builder schemas(String... schemas) {
            this.schemas = schemas.clone();
            return this;
        }

        /** Flyway callbacks (e.g. {@code afterMigrate}). None by default. */
        public Builder callbacks(Callback... callbacks) {
            this.callbacks.addAll(Arrays.asList(callbacks));
            return this;
        }

        /** Java migrations given as objects, in addition to those found in the locations. None by default. */
        public Builder javaMigrations(JavaMigration... migrations) {
            this.javaMigrations.addAll(Arrays.asList(migrations));
            return this;
        }

        /**
         * The project's Flyway settings in code, applied after its {@code flyway.conf} and
         * {@code FLYWAY_*} variables and before every other call on this builder. None by default.
         */
        public Builder customizer(FlywayCustomizer customizer) {
            projectCustomizers.add(customizer);
            return this;
        }

        /**
         * How long one migration step may run, or wait on a lock, before it is cancelled and its
         * wait named. Default {@code migratest.migrationStepTimeoutSeconds} (5 minutes); bounds only
         * migrators of a {@link TestDatabase}, whose engine says how to read its locks.
         */
        public Builder stepTimeout(Duration timeout) {
            this.stepTimeout = timeout;
            return this;
        }

        /** Where the project's {@code flyway.conf} is looked for, and its environment; for tests. */
        Builder projectEnvironment(Path directory, Map<String, String> variables) {
            this.projectDirectory = directory;
            this.environment = variables;
            return this;
        }

        /** Any other Flyway setting, applied last so it wins: {@code .flyway(f -> f.outOfOrder(true))}. */
        public Builder flyway(Consumer<FluentConfiguration> customizer) {
            customizers.add(customizer);
            return this;
        }

        /**
         * Whether MariaDB reads the {@code mysql} folder of a {@code {vendor}} location that has no
         * {@code mariadb} folder. Default: the setting {@code migratest.vendorFallback}, on unless set.
         */
        public Builder vendorFallback(boolean fallback) {
            this.vendorFallback = fallback;
            return this;
        }

        private Builder locationVendor(String vendor, String fallbackVendor) {
            this.vendor = vendor;
            this.fallbackVendor = fallbackVendor;
            return this;
        }

        /**
         * Builds the migrator; nothing touches the database until a migration method is called.
         * Precedence, lowest first: Migratest's defaults ({@code postgresql.transactional.lock=false}),
         * the project's {@code flyway.conf} files, {@code FLYWAY_*} variables, {@link #customizer}
         * hooks, this builder's other calls, {@link #flyway(Consumer)}; the data source is always
         * the one given to {@code configure}.
         */
        public Migrator load() {
            Map<String, String> project = ProjectFlywayConfiguration.read(projectDirectory, environment);
            List<String> wanted = locations;
            if (wanted.isEmpty()) {
                String configured = project.get(ConfigUtils.LOCATIONS);
                wanted = configured == null ? List.of("classpath:db/migration") : Arrays.asList(configured.split(","));
            }
            List<String> resolved = new ArrayList<>();
            for (String location : wanted) {
                resolved.add(VendorLocations.resolve(location.strip(), vendor,
                        vendorFallback ? fallbackVendor : null, Migrator.class.getClassLoader()));
            }
            String transactionalLock = project.remove(ProjectFlywayConfiguration.TRANSACTIONAL_LOCK);
            FluentConfiguration fluent = Flyway.configure(Migrator.class.getClassLoader()).configuration(project);
            fluent.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(
                    transactionalLock == null ? ProjectFlywayConfiguration.DEFAULT_TRANSACTIONAL_LOCK
                            : Boolean.parseBoolean(transactionalLock.strip()));
            projectCustomizers.forEach(c -> c.customize(fluent));
            Map<String, String> allPlaceholders = new LinkedHashMap<>(fluent.getPlaceholders());
            allPlaceholders.putAll(placeholders);
            fluent.locations(resolved.toArray(String[]::new)).placeholders(allPlaceholders);
            if (schemas != null) {
                fluent.schemas(schemas);
            }
            List<Callback> allCallbacks = new ArrayList<>(Arrays.asList(fluent.getCallbacks()));
            allCallbacks.addAll(callbacks);
            StepWatchdog watchdog = lockWaits == null || stepTimeout == null
                    ? null : new StepWatchdog(lockWaits, dataSource, stepTimeout);
            if (watchdog != null) {
                allCallbacks.add(watchdog);
            }
            fluent.callbacks(allCallbacks.toArray(Callback[]::new));
            if (!javaMigrations.isEmpty()) {
                fluent.javaMigrations(javaMigrations.toArray(JavaMigration[]::new));
            }
            customizers.forEach(c -> c.accept(fluent));
            fluent.dataSource(dataSource).cleanDisabled(true).loggers(FlywayLogs.class.getName());
            ClassicConfiguration configuration = new ClassicConfiguration(fluent);
            if (configuration.getDataSource() != dataSource) {
                throw new MigratestException("The Flyway configuration for " + databaseName.get()
                        + " points at another database => remove url, user and password from the Flyway"
                        + " customizer: Migratest migrates only the databases it creates");
            }
            return new Migrator(configuration, databaseName, watchdog, new Memo());
        }
    }
}
