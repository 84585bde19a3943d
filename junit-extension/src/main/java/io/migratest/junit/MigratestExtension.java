package io.migratest.junit;

import io.migratest.MigratestException;
import io.migratest.db.CloneUnsupportedException;
import io.migratest.db.DatabaseProvider;
import io.migratest.db.DatabaseProviders;
import io.migratest.db.DatabaseServer;
import io.migratest.db.DatabaseUnavailableException;
import io.migratest.db.Engine;
import io.migratest.db.InvalidSettingException;
import io.migratest.db.RunMemo;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.db.Template;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.ManagedServer;
import io.migratest.db.internal.OnDemandDatabase;
import io.migratest.fixture.Fixtures;
import io.migratest.migrate.Migrator;
import io.migratest.report.Report;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.api.callback.Callback;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * The code behind {@link MigrationTest}: runs the class once per engine, gives each test a new
 * database, applies its {@link Seed}s and resolves its parameters.
 *
 * <p>Servers live in the root context's store (one per engine, provider and settings, shared
 * by the whole run); each test's database lives in the test's own store, which drops it. The
 * built-in checks of a class share one database per engine, created on first use.
 */
final class MigratestExtension implements ClassTemplateInvocationContextProvider, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(MigratestExtension.class);
    private static final String ENGINE = "engine";
    private static final String DATABASE = "database";
    private static final String MIGRATOR = "migrator";
    private static final Set<Class<?>> RESOLVABLE =
            Set.of(Migrator.class, Jdbi.class, DataSource.class, TestDatabase.class, Engine.class, Report.class);

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return findConfiguration(context.getRequiredTestClass()).isPresent();
    }

    @Override
    public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
        MigrationTest configuration = requireConfiguration(context.getRequiredTestClass());
        validate(configuration, context.getRequiredTestClass());
        Set<Engine> selected = selectedEngines(settings(context));
        return Arrays.stream(configuration.engines()).filter(selected::contains).map(EngineInvocation::new);
    }

    @Override
    public boolean mayReturnZeroClassTemplateInvocationContexts(ExtensionContext context) {
        // A class whose engines are all filtered out by migratest.engines simply does not run.
        return true;
    }

    /** The engine of the class run {@code context} belongs to; empty outside a {@link MigrationTest}. */
    static Optional<Engine> engine(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(ENGINE, Engine.class));
    }

    /**
     * The run's settings: system properties over environment variables over JUnit configuration
     * parameters ({@code junit-platform.properties}, the launcher's), read and validated once per
     * run, before any database is touched, and kept in the root context's store.
     */
    static Settings settings(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Settings.class, k -> {
            try {
                return Settings.from(context.getRoot()::getConfigurationParameter, RunSession.withdrawnSecrets(context));
            } catch (InvalidSettingException e) {
                throw new ExtensionConfigurationException(e.getMessage(), e);
            }
        }, Settings.class);
    }

    /** The engines {@code migratest.engines} (e.g. {@code postgres,mariadb}) lets run; all by default. */
    private static Set<Engine> selectedEngines(Settings settings) {
        return settings.get(Setting.ENGINES);
    }

    private static void validate(MigrationTest configuration, Class<?> testClass) {
        if (configuration.engines().length == 0) {
            throw new ExtensionConfigurationException("@MigrationTest on " + testClass.getName()
                    + " lists no engines => name at least one, e.g. engines = Engine.POSTGRES");
        }
        Set<Engine> seen = EnumSet.noneOf(Engine.class);
        for (Engine engine : configuration.engines()) {
            if (!seen.add(engine)) {
                throw new ExtensionConfigurationException("@MigrationTest on " + testClass.getName()
                        + " lists engine " + engine + " twice => list each engine once");
            }
        }
        ProjectFlyway.validate(configuration, testClass);
        if (configuration.locations().length == 0) {
            throw new ExtensionConfigurationException("@MigrationTest on " + testClass.getName()
                    + " has no locations => give the Flyway locations of the migrations, e.g. classpath:db/migration");
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        MigrationTest configuration = requireConfiguration(context.getRequiredTestClass());
        List<Seed> seeds = seedsOf(context);
        validateSeeds(seeds, context);
        Engine engine = context.getStore(NAMESPACE).get(ENGINE, Engine.class);
        if (engine == null) {
            throw new ExtensionConfigurationException("MigratestExtension runs only through @MigrationTest"
                    + " => annotate " + context.getRequiredTestClass().getName() + " with @MigrationTest"
                    + " instead of @ExtendWith(MigratestExtension.class)");
        }
        Settings settings = settings(context);
        // Before the server: a test its engine cannot run is still counted in the report.
        Callback recorder = ReportHooks.testStarted(context, engine);
        DatabaseServer server;
        try {
            server = server(context, engine, configuration, settings);
        } catch (RuntimeException e) {
            if (UnavailableEngineFactories.defer(context, e)) {
                return;
            }
            throw e;
        }
        TestDatabase database = null;
        boolean shared = seeds.isEmpty() && builtInCheck(context);
        if (shared) {
            database = checksDatabase(context, server, settings);
        } else if (!seeds.isEmpty() && cloneTemplates(settings)) {
            try {
                database = server.cloneDatabase(template(context, server, configuration, seeds));
            } catch (CloneUnsupportedException e) {
                // Something in the schema cannot be copied (e.g. a MySQL event): rebuild instead.
                context.publishReportEntry(Setting.ISOLATION.key(), "rebuilding per test: " + e.getMessage());
            }
        }
        boolean seeded = database != null && !shared;
        if (database == null) {
            database = server.createDatabase();
        }
        context.getStore(NAMESPACE).put(DATABASE, new DatabaseLease(database, context, settings, !shared));
        Migrator migrator = ProjectFlyway.configure(database, configuration, settings)
                .callbacks(recorder).load();
        context.getStore(NAMESPACE).put(MIGRATOR, migrator);
        if (!seeded) {
            applySeeds(database, migrator, seeds);
        }
    }

    /** Whether this test is one of the built-in checks' factories, as {@link MigrationChecks} declares them. */
    private static boolean builtInCheck(ExtensionContext context) {
        return context.getTestMethod()
                .filter(method -> method.getDeclaringClass() == MigrationChecks.class)
                .filter(method -> AnnotationSupport.isAnnotated(method, TestFactory.class)).isPresent();
    }

    /**
     * The one database of the built-in checks of this class on this engine, created when a check
     * first connects (the shared pass, or a check listing the migrations); a check that only reads
     * the pass's results, or whose verdict is reused, needs none. It lives in the store of the
     * class's run on the engine, as the pass does ({@link CheckTests.SharedPass}), and is dropped
     * with it, unless a failed check kept it.
     */
    private static TestDatabase checksDatabase(ExtensionContext context, DatabaseServer server, Settings settings) {
        ExtensionContext run = context.getParent().orElse(context);
        return run.getStore(NAMESPACE).getOrComputeIfAbsent(DATABASE + ":checks:" + context.getRequiredTestClass().getName(),
                k -> new OnDemandDatabase(server.engine(), settings, server::createDatabase,
                        server instanceof ManagedServer managed ? managed.serverDataSource() : null), OnDemandDatabase.class);
    }

    private static Migrator migrator(TestDatabase database, MigrationTest configuration, Settings settings) {
        return ProjectFlyway.configure(database, configuration, settings).load();
    }

    private static void applySeeds(TestDatabase database, Migrator migrator, List<Seed> seeds) {
        for (Seed seed : seeds) {
            if (!seed.atVersion().isBlank()) {
                migrator.migrateTo(seed.atVersion());
            }
            if (!seed.table().isBlank()) {
                Fixtures.loadCsv(database, seed.value()[0], seed.table());
            } else {
                Fixtures.load(database, seed.value());
            }
        }
    }

    /**
     * Whether seeded state is built once per distinct setup and copied for each test
     * ({@code migratest.isolation=clone}, the default) or rebuilt for every test
     * ({@code migratest.isolation=migrate}).
     */
    private static boolean cloneTemplates(Settings settings) {
        return settings.get(Setting.ISOLATION).equals("clone");
    }

    /**
     * The database migrated and seeded once for this server, locations and seeds; tests get
     * copies. It lives in the root store, so it is dropped at the end of the run.
     */
    private static TestDatabase template(ExtensionContext context, DatabaseServer server,
            MigrationTest configuration, List<Seed> seeds) {
        String key = "template:" + System.identityHashCode(server) + ":" + server.describe() + ":"
                + Arrays.toString(configuration.locations()) + ":" + configuration.flyway().getName() + ":" + seeds;
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> {
            Settings settings = settings(context);
            // kept across runs by content (SeedTemplates); the report says whether it was built and why
            long start = System.nanoTime();
            Template template = server.template(SeedTemplates.key(server.engine(), configuration, seeds, settings),
                    database -> applySeeds(database, migrator(database, configuration, settings), seeds));
            ReportHooks.report(context).record(SeedTemplates.outcome(configuration, seeds, template, start));
            return template.database();
        }, TestDatabase.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ReportHooks.testFinished(context);
        DatabaseLease lease = context.getStore(NAMESPACE).get(DATABASE, DatabaseLease.class);
        if (lease != null && context.getExecutionException().isPresent()) {
            lease.keepIfConfigured();
        }
    }

    private static DatabaseServer server(ExtensionContext context, Engine engine, MigrationTest configuration,
            Settings settings) {
        String requested = settings.find(Setting.PROVIDER).orElse(configuration.provider());
        // the run's answers (a server that does not answer, an image Docker lacks), asked once per run
        RunMemo memo = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RunMemo.class,
                k -> RunMemo.create(), RunMemo.class);
        DatabaseProvider provider;
        try {
            provider = DatabaseProviders.choose(engine, requested, settings, memo);
        } catch (DatabaseUnavailableException e) {
            throw unavailable(engine, e, settings);
        }
        String key = "server:" + engine + ":" + provider.name() + ":" + settings;
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        try {
            return root.getOrComputeIfAbsent(key, k -> provider.start(engine, settings, memo), DatabaseServer.class);
        } catch (DatabaseUnavailableException e) {
            throw unavailable(engine, e, settings);
        }
    }

    /** An engine that cannot be had aborts the test, or fails it where CI asks for every engine. */
    private static RuntimeException unavailable(Engine engine, DatabaseUnavailableException e, Settings settings) {
        String require = Setting.REQUIRE_ENGINES.key();
        if (settings.get(Setting.REQUIRE_ENGINES)) {
            return new DatabaseUnavailableException(e.getMessage()
                    + "\n(" + require + " is set, so this fails instead of skipping)", e);
        }
        return new TestAbortedException(engine + " is not available, test skipped: " + e.getMessage()
                + "\nSet " + require + "=true to fail instead.", e);
    }

    private static List<Seed> seedsOf(ExtensionContext context) {
        List<Seed> seeds = new ArrayList<>();
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            classes.add(0, type);
        }
        for (Class<?> type : classes) {
            seeds.addAll(AnnotationSupport.findRepeatableAnnotations(type, Seed.class));
        }
        context.getTestMethod().ifPresent(method ->
                seeds.addAll(AnnotationSupport.findRepeatableAnnotations((AnnotatedElement) method, Seed.class)));
        return seeds;
    }

    private static void validateSeeds(List<Seed> seeds, ExtensionContext context) {
        for (Seed seed : seeds) {
            if (seed.value().length == 0) {
                throw new ExtensionConfigurationException("@Seed on " + context.getDisplayName()
                        + " names no fixture => give at least one file");
            }
            if (!seed.table().isBlank() && (seed.value().length != 1 || !seed.value()[0].endsWith(".csv"))) {
                throw new ExtensionConfigurationException("@Seed(table = \"" + seed.table() + "\") on "
                        + context.getDisplayName() + " needs exactly one .csv fixture, got "
                        + Arrays.toString(seed.value()));
            }
        }
    }

    private static Optional<MigrationTest> findConfiguration(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            Optional<MigrationTest> found = AnnotationSupport.findAnnotation(type, MigrationTest.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static MigrationTest requireConfiguration(Class<?> testClass) {
        return findConfiguration(testClass).orElseThrow(() -> new ExtensionConfigurationException(
                testClass.getName() + " is not annotated with @MigrationTest"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return RESOLVABLE.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == Engine.class) {
            return context.getStore(NAMESPACE).get(ENGINE, Engine.class);
        }
        if (UnavailableEngineFactories.deferred(context)) {
            return null; // the factory is not called; it yields one skipped test with the reason
        }
        DatabaseLease lease = context.getStore(NAMESPACE).get(DATABASE, DatabaseLease.class);
        if (lease == null || context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("Cannot inject " + type.getSimpleName() + " into "
                    + parameter.getDeclaringExecutable() + ": each test gets its own database, so "
                    + type.getSimpleName() + " can be a parameter of @Test and @BeforeEach/@AfterEach methods only");
        }
        if (type == Report.class) {
            return ReportHooks.report(context);
        }
        TestDatabase database = lease.database();
        if (type == Migrator.class) {
            return context.getStore(NAMESPACE).get(MIGRATOR, Migrator.class);
        }
        if (type == Jdbi.class) {
            return database.jdbi();
        }
        if (type == DataSource.class) {
            return database.dataSource();
        }
        return database;
    }

    /**
     * Keeps {@code database} of the failed test {@code test} on its server when the run asks
     * ({@code migratest.keepFailedDatabases}), and prints where it is and how to drop it; whether
     * it did. A database made on first use and never used has nothing to keep.
     */
    static boolean keepFailed(TestDatabase database, String test, Settings settings) {
        boolean exists = !(database instanceof OnDemandDatabase onDemand) || onDemand.created();
        if (!exists || !settings.get(Setting.KEEP_FAILED_DATABASES)) {
            return false;
        }
        database.keep();
        System.err.println("Migratest kept the database of failed test " + test + ": " + database + " (user "
                + database.user() + "); later runs leave it alone\n  drop it when done: DROP DATABASE "
                + database.name() + ";");
        return true;
    }

    /** One run of the class on one engine. */
    private record EngineInvocation(Engine engine) implements ClassTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + engine + "]";
        }

        @Override
        public void prepareInvocation(ExtensionContext context) {
            context.getStore(NAMESPACE).put(ENGINE, engine);
        }
    }

    /**
     * A test's database as a store value: the store closes it after the test, which drops it,
     * unless the test failed and the user asked to keep failed databases. A database it does not
     * {@code own} (the built-in checks' shared one) is only kept, never closed, here.
     */
    private record DatabaseLease(TestDatabase database, ExtensionContext context, Settings settings, boolean owned)
            implements AutoCloseable {

        void keepIfConfigured() {
            if (keepFailed(database, context.getDisplayName(), settings)) {
                context.publishReportEntry("migratest.keptDatabase", database.toString());
            }
        }

        @Override
        public void close() {
            if (!owned) {
                return; // shared with other tests, closed with the store that holds it
            }
            try {
                // the next test need not wait for this one's DROP DATABASE; the server's close waits for it
                ManagedServer.closeInBackground(database);
            } catch (MigratestException e) {
                context.publishReportEntry("migratest.dropFailed", e.getMessage());
            }
        }
    }
}
