package io.migratest.db;

import io.migratest.db.internal.Dialect;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of Migratest's settings: every {@code migratest.*} key is declared here, once,
 * with its environment spelling, default, type and the line that documents it (README's
 * Configuration table is checked against {@link #all()}). Nothing else in Migratest names a key;
 * code reads a typed value with {@link Settings#get(Setting)}.
 *
 * <p>Per-engine settings ({@code migratest.<engine>.image}, {@code .url}, {@code .user},
 * {@code .password}) are declared once as templates over {@link Engine} and reached through
 * {@link #image(Engine)}, {@link #url(Engine)}, {@link #user(Engine)} and {@link #password(Engine)}.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {

    /** The prefix of every system property and JUnit configuration parameter Migratest reads. */
    public static final String PREFIX = "migratest.";

    /** The prefix of every environment variable Migratest reads. */
    public static final String ENVIRONMENT_PREFIX = "MIGRATEST_";

    // filled while the class initialises, never after; read through the immutable copies below
    private static final Map<String, Setting<?>> DECLARING = new LinkedHashMap<>();

    public static final Setting<String> PROVIDER = declare("migratest.provider", Type.word(), DatabaseProviders.AUTO,
            "`auto`", "`embedded`, `container`, `server` or `auto`");
    public static final Setting<Set<Engine>> ENGINES = declare("migratest.engines", Type.engines(),
            Collections.unmodifiableSet(EnumSet.allOf(Engine.class)), "all",
            "comma-separated engines to run (`postgres,mariadb`); others of a matrix are left out");
    public static final Setting<Boolean> REQUIRE_ENGINES = declare("migratest.requireEngines", Type.bool(), false,
            "`false`", "an engine that cannot be started fails the test instead of skipping it");

    private static final Map<Engine, Setting<String>> IMAGES = perEngine("image", Type.text(),
            eachEngine(engine -> Dialect.of(engine).defaultImage()),
            "`postgres:17`, `mysql:8.4`, `mariadb:11.4`",
            "container image (`<engine>` is `postgres`, `mysql` or `mariadb`)", false);
    private static final Map<Engine, Setting<String>> URLS = perEngine("url", Type.jdbcUrl(), Map.of(), "unset",
            "JDBC URL of a running server (`jdbc:postgresql://host:5432/postgres`, `jdbc:mysql://host:3306/`,"
                    + " `jdbc:mariadb://host:3306/`)", false);
    private static final Map<Engine, Setting<String>> USERS = perEngine("user", Type.text(),
            eachEngine(engine -> Dialect.of(engine).defaultUser()),
            "`postgres` on PostgreSQL, else `root`", "user for that server", false);
    private static final Map<Engine, Setting<String>> PASSWORDS = perEngine("password", Type.anyText(),
            eachEngine(engine -> ""), "empty",
            "password for that server; never printed", true);
    // Surefire writes every system property of the test JVM into TEST-*.xml, so a -D password
    // would land there; a file (or the environment variable) keeps it out.
    private static final Map<Engine, Setting<Path>> PASSWORD_FILES = perEngine("passwordFile", Type.path(), Map.of(),
            "unset", "file whose first line is that password, read instead of `.password`: keeps it out of"
                    + " `-D` options, which Surefire writes into its XML reports", false);

    public static final Setting<Duration> RECLAIM_AFTER = declare("migratest.reclaimAfterMinutes", Type.minutes(),
            Duration.ofMinutes(10), "`10`", "age in minutes after which a dead run's databases are reclaimed");
    // Opening a connection is quick or broken; a statement may legitimately run for long (a
    // migration rewriting a big table), so its bound is generous: it only ends a frozen server.
    public static final Setting<Integer> CONNECT_TIMEOUT = declare("migratest.connectTimeoutSeconds",
            Type.integer(1, 3600), 10, "`10`",
            "seconds to open a connection (TCP connect, login handshake) before it fails");
    public static final Setting<Integer> READ_TIMEOUT = declare("migratest.readTimeoutSeconds",
            Type.integer(0, 86_400), 3600, "`3600`",
            "seconds an open connection waits for the server to answer a statement (0: forever)");
    public static final Setting<Integer> PROBE_TIMEOUT = declare("migratest.probeTimeoutSeconds",
            Type.integer(1, 600), 5, "`5`",
            "seconds the `server` provider waits for a configured server to answer; the answer is kept for the run");
    public static final Setting<Integer> PULL_TIMEOUT = declare("migratest.pullTimeoutSeconds",
            Type.integer(1, 3600), 60, "`60`",
            "seconds the one pull of a container image missing on this machine may take before the engine is unavailable");
    public static final Setting<Duration> MIGRATION_STEP_TIMEOUT = declare("migratest.migrationStepTimeoutSeconds",
            Type.seconds(), Duration.ofMinutes(5), "`300`",
            "seconds one migration step may run or wait on a lock before it is cancelled, its wait named");
    public static final Setting<String> ISOLATION = declare("migratest.isolation", Type.choice("clone", "migrate"),
            "clone", "`clone`",
            "`clone`: build each seeded state once and copy it per test; `migrate`: rebuild it for every test");
    public static final Setting<Integer> CLONE_POOL = declare("migratest.clonePool", Type.integer(0, 16), 1, "`1`",
            "copies of each template prepared in the background (0: none)");
    public static final Setting<Boolean> TEMPLATES_CACHE = declare("migratest.templates.cache", Type.bool(), true,
            "`true`", "keep each seeded template on the server across runs, named by a hash of its migrations, seeds,"
                    + " Flyway settings, engine and server version, and reuse it while none of them changes"
                    + " (`false`: build templates per run, drop them after)");
    public static final Setting<Integer> TEMPLATES_MAX_AGE = declare("migratest.templates.maxAgeHours",
            Type.integer(1, 87_600), 168, "`168`", "hours a kept template may go unused before a run drops it");
    public static final Setting<Integer> TEMPLATES_MAX_SIZE = declare("migratest.templates.maxSizeMb",
            Type.integer(1, 10_000_000), 2048, "`2048`",
            "megabytes the kept templates of one server may take; past it, the least recently used are dropped");
    public static final Setting<Path> EMBEDDED_DATA_DIR = declare("migratest.embedded.dataDir", Type.path(),
            Path.of("target/migratest/embedded-postgres"), "`target/migratest/embedded-postgres`",
            "where embedded PostgreSQL keeps its initialised data directories (one per concurrent JVM) and so its"
                    + " kept templates, when `migratest.templates.cache` is on");
    public static final Setting<Boolean> CONTAINERS_REUSE = declare("migratest.containers.reuse", Type.bool(), false,
            "`false`", "leave the containers Migratest starts running after the run and use them again in the next one"
                    + " (same engine, image and tuning), with their kept templates; stop them with"
                    + " `docker rm -f $(docker ps -q --filter label=io.migratest.reuse)`");
    public static final Setting<Path> CONTAINERS_LOCK_DIR = declare("migratest.containers.lockDir", Type.path(),
            Path.of(System.getProperty("user.home"), ".cache", "migratest", "locks"), "`~/.cache/migratest/locks`",
            "where JVMs that start at once take turns to find or start a reused container"
                    + " (`migratest.containers.reuse`), so that one starts it and the others use it");
    public static final Setting<Boolean> KEEP_FAILED_DATABASES = declare("migratest.keepFailedDatabases", Type.bool(),
            false, "`false`", "keep the database of a failed test and print its JDBC URL");
    public static final Setting<Long> SNAPSHOT_MAX_ROWS_IN_MEMORY = declare("migratest.snapshot.maxRowsInMemory",
            Type.count(), 50_000L, "`50000`", "rows a `Snapshot` keeps in memory before it moves to a side table");
    public static final Setting<Path> DIFFS_DIR = declare("migratest.diffs.dir", Type.path(),
            Path.of("target/migratest/diffs"), "`target/migratest/diffs`",
            "where a `DataDiff` writes the full list of differences");
    public static final Setting<Path> REPORT_DIR = declare("migratest.reportDir", Type.path(),
            Path.of("target/migratest"), "`target/migratest`",
            "where `report.md` and `report.json` go, and the checks' actual schema snapshots");
    public static final Setting<Path> BASELINE_FILE = declare("migratest.baselineFile", Type.path(),
            Path.of("src/test/resources/migratest/baseline.json"), "`src/test/resources/migratest/baseline.json`",
            "the committed migration baseline the linear-history check compares with; each engine reads"
                    + " `baseline-<engine>.json` beside it (the shared file only while that one does not exist yet)");
    public static final Setting<Path> SNAPSHOT_DIR = declare("migratest.snapshotDir", Type.path(),
            Path.of("src/test/resources/migratest"), "`src/test/resources/migratest`",
            "where the committed schema snapshots `schema-<engine>.txt` live");
    public static final Setting<Boolean> UPDATE_SNAPSHOTS = declare("migratest.updateSnapshots", Type.bool(), false,
            "`false`", "rewrite the committed schema snapshots instead of comparing");
    public static final Setting<Boolean> UPDATE_BASELINE = declare("migratest.updateBaseline", Type.bool(), false,
            "`false`", "rewrite the committed migration baseline after checking it");
    /** Unset, it follows the environment variable {@value #CI_VARIABLE}: CI machines set it. */
    public static final Setting<Boolean> FAIL_ON_MISSING_FILES = declare("migratest.failOnMissingFiles", Type.bool(),
            false, "`true` when `CI` is set", "a missing snapshot or baseline fails instead of being written");

    /** The keys are those of {@code io.migratest.check.Check}; the db package does not depend on the check package. */
    public static final Setting<Set<String>> CHECKS_SKIP = declare("migratest.checks.skip",
            Type.choices("appliesFromEmpty", "linearHistory", "dataSurvives", "undoRoundTrip", "schemaMatchesSnapshot",
                    "lockRehearsal", "volumeRehearsal"), Set.of(), "none",
            "built-in checks switched off (shown as skipped), comma-separated, e.g. `lockRehearsal,undoRoundTrip`");
    public static final Setting<Boolean> CHECKS_FAIL_ON_NOT_VERIFIED = declare("migratest.checks.failOnNotVerified",
            Type.bool(), false, "`false`",
            "a check step that could not test everything (a table the row generator could not fill) fails instead of"
                    + " showing as skipped (\"not verified\"); set it in CI");
    /** Unset, it follows the environment variable {@value #CI_VARIABLE}: a CI gate runs every check for real. */
    public static final Setting<Boolean> CHECKS_REUSE = declare("migratest.checks.reuse", Type.bool(), true,
            "`true`; `false` when `CI` is set",
            "a built-in check whose every step passed in an earlier run is not run again while nothing in its key"
                    + " changed (migrations, Flyway settings, check options, committed snapshot and baseline, engine,"
                    + " server version, Migratest's code); its steps pass as reused, marked in `report.md`");
    public static final Setting<Path> CHECKS_REUSE_DIR = declare("migratest.checks.reuseDir", Type.path(),
            Path.of("target/migratest/kept-verdicts"), "`target/migratest/kept-verdicts`",
            "where the passed verdicts `migratest.checks.reuse` reuses are kept, one file per check, engine and test"
                    + " class (`mvn clean` forgets them)");
    public static final Setting<String> LOCK_OLD_WRITES_REFUSED = declare("migratest.lock.oldWritesRefused",
            Type.choice("report", "fail"), "report", "`report`",
            "what the lock rehearsal does with writes in a table's previous shape that the step made the server refuse"
                    + " (a new CHECK constraint, a renamed table or column): `report` them in the step's message and"
                    + " pass, or `fail` the step");
    public static final Setting<String> VOLUME_SIZES = declare("migratest.volume.sizes", Type.sizes(),
            "10000,100000,1000000", "`10000,100000,1000000`",
            "rows per touched table at which the volume rehearsal times each migration (two or more, comma-separated)");
    public static final Setting<Long> VOLUME_REPEATS = declare("migratest.volume.repeats", Type.positive(), 2L, "`2`",
            "times the volume rehearsal runs the history at each size; each migration's fastest run counts, so one slow"
                    + " sample under load is not read as growth");
    public static final Setting<Path> VOLUME_PRODUCTION_ROWS_FILE = declare("migratest.volume.productionRowsFile",
            Type.path(), Path.of("src/test/resources/migratest/production-rows.properties"),
            "`src/test/resources/migratest/production-rows.properties`",
            "the committed production row counts (`orders=50000000`) the volume rehearsal projects to, read if present");
    public static final Setting<Boolean> VOLUME_REUSE_MEASUREMENTS = declare("migratest.volume.reuseMeasurements",
            Type.bool(), true, "`true` (only while `migratest.checks.reuse` is on)",
            "the volume rehearsal reuses the timings an earlier run measured on this machine while the migrations, sizes,"
                    + " repeats, engine, server address, server and driver versions and Migratest's code are the same; the verdict is"
                    + " computed from them again, and the report says when they were measured");
    public static final Setting<Boolean> VENDOR_FALLBACK = declare("migratest.vendorFallback", Type.bool(), true, "`true`",
            "MariaDB reads the `mysql` folder of a `{vendor}` location that has no `mariadb` folder");

    /** Unset, it follows the environment variable {@value #GITHUB_ACTIONS_VARIABLE}, which GitHub Actions sets. */
    public static final Setting<Boolean> GITHUB_ANNOTATIONS = declare("migratest.githubAnnotations", Type.bool(), false,
            "`false`; `true` when `GITHUB_ACTIONS=true`", "failures are also printed as GitHub Actions annotations"
                    + " (`::error file=…,line=…::…`) on the migration file and line");

    /** Read by junit-extension's {@code MigratestEngine} when the launcher discovers tests. */
    public static final Setting<Boolean> JUNIT_ENGINE = declare("migratest.junit.engine", Type.bool(), true, "`true`",
            "the migration test classes run in JUnit engine `migratest` (Jupiter under another id), which names each"
                    + " test method's run by its engine in Surefire's XML and console (`migrates(Migrator) [POSTGRES][1]`);"
                    + " `false`: Jupiter runs them, named `migrates(Migrator)[1]`");

    /** The environment variable GitHub Actions sets to {@code true}; see {@link #GITHUB_ANNOTATIONS}. */
    public static final String GITHUB_ACTIONS_VARIABLE = "GITHUB_ACTIONS";

    /** The environment variable CI services set (GitHub Actions, GitLab CI, ...); see {@link #FAIL_ON_MISSING_FILES}. */
    public static final String CI_VARIABLE = "CI";

    /**
     * Names in Migratest's namespace that are not settings and are left alone: Maven properties
     * of Migratest's own build (Surefire hands {@code -D} user properties to the test JVM), and
     * variables of its {@code .ci} scripts. Anything else unknown is a typo.
     */
    static final Set<String> NOT_SETTINGS = Set.of("migratest.argLine", "migratest.skipFrameworkTests",
            "MIGRATEST_IMAGES_REBUILD", "MIGRATEST_IMAGES_WORKDIR", "MIGRATEST_IMAGES_CACHE", "MIGRATEST_DEBIAN_MIRROR",
            "MIGRATEST_DOCKERD_FLAGS");

    /**
     * The namespace of the properties with which Migratest's own test suite finds its servers
     * ({@code migratest.test.postgres.url}, {@code MIGRATEST_TEST_...}); not settings either.
     */
    static final String TEST_SUITE_PREFIX = "migratest.test.";

    private static final List<Setting<?>> ALL = List.copyOf(DECLARING.values());
    private static final Map<String, Setting<?>> BY_NAME = Map.copyOf(DECLARING);

    private final String key;
    private final String template;
    private final Type<T> type;
    private final T defaultValue;
    private final String defaultText;
    private final String doc;
    private final boolean secret;

    private Setting(String key, String template, Type<T> type, T defaultValue, String defaultText, String doc,
            boolean secret) {
        this.key = key;
        this.template = template;
        this.type = type;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.doc = doc;
        this.secret = secret;
    }

    private static <T> Setting<T> declare(String key, Type<T> type, T defaultValue, String defaultText, String doc) {
        return register(new Setting<>(key, key, type, defaultValue, defaultText, doc, false));
    }

    private static <T> Map<Engine, Setting<T>> perEngine(String name, Type<T> type, Map<Engine, T> defaults,
            String defaultText, String doc, boolean secret) {
        Map<Engine, Setting<T>> settings = new EnumMap<>(Engine.class);
        for (Engine engine : Engine.values()) {
            settings.put(engine, register(new Setting<>(PREFIX + engine.key() + "." + name, PREFIX + "<engine>." + name,
                    type, defaults.get(engine), defaultText, doc, secret)));
        }
        return Collections.unmodifiableMap(settings);
    }

    /** A default for every engine; an engine's own (image, user) is its dialect's. */
    private static <T> Map<Engine, T> eachEngine(Function<Engine, T> value) {
        Map<Engine, T> values = new EnumMap<>(Engine.class);
        for (Engine engine : Engine.values()) {
            values.put(engine, value.apply(engine));
        }
        return values;
    }

    private static <T> Setting<T> register(Setting<T> setting) {
        if (DECLARING.put(normalise(setting.key), setting) != null) {
            throw new IllegalStateException("Two settings are spelled alike: " + setting.key);
        }
        return setting;
    }

    /** {@code migratest.<engine>.image}: the container image of {@code engine}. */
    public static Setting<String> image(Engine engine) {
        return IMAGES.get(engine);
    }

    /** {@code migratest.<engine>.url}: the JDBC URL of a running server of {@code engine}; no default. */
    public static Setting<String> url(Engine engine) {
        return URLS.get(engine);
    }

    /** {@code migratest.<engine>.user}: the user for that server. */
    public static Setting<String> user(Engine engine) {
        return USERS.get(engine);
    }

    /** {@code migratest.<engine>.password}: the password for that server; masked wherever settings are printed. */
    public static Setting<String> password(Engine engine) {
        return PASSWORDS.get(engine);
    }

    /** {@code migratest.<engine>.passwordFile}: a file holding the password for that server; no default. */
    public static Setting<Path> passwordFile(Engine engine) {
        return PASSWORD_FILES.get(engine);
    }

    /** Every setting, per-engine ones once per engine, in the order of README's Configuration table. */
    public static List<Setting<?>> all() {
        return ALL;
    }

    /** The setting spelled {@code name} as a key or an environment variable, ignoring case, dots, dashes and underscores. */
    public static Optional<Setting<?>> named(String name) {
        return Optional.ofNullable(BY_NAME.get(normalise(name)));
    }

    /** The known key closest to {@code name}, e.g. {@code migratest.clonePool} for {@code migratest.clonepol}. */
    static Optional<Setting<?>> closestTo(String name) {
        // the common prefix would make every name look close to every other
        String prefix = normalise(PREFIX);
        String given = normalise(name);
        String wanted = given.startsWith(prefix) ? given.substring(prefix.length()) : given;
        Setting<?> best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting<?> setting : ALL) {
            int distance = distance(wanted, normalise(setting.key).substring(prefix.length()));
            if (distance < bestDistance) {
                best = setting;
                bestDistance = distance;
            }
        }
        // further than half the name away is not a typo of it
        return bestDistance <= Math.max(2, wanted.length() / 2) ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Whether {@code name} is in Migratest's namespace ({@code migratest.*} or {@code MIGRATEST_*}). */
    static boolean inNamespace(String name) {
        return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                || name.regionMatches(true, 0, ENVIRONMENT_PREFIX, 0, ENVIRONMENT_PREFIX.length());
    }

    /** Whether {@code name} is in the namespace but deliberately not a setting; see {@link #NOT_SETTINGS}. */
    static boolean isNotASetting(String name) {
        return NOT_SETTINGS.contains(name) || normalise(name).startsWith(normalise(TEST_SUITE_PREFIX));
    }

    /** The key, e.g. {@code migratest.clonePool}: the system property and JUnit configuration parameter. */
    public String key() {
        return key;
    }

    /** The environment variable, e.g. {@code MIGRATEST_CLONE_POOL}. */
    public String environmentName() {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The key as README's table shows it: {@code migratest.<engine>.image} for a per-engine setting. */
    public String documentedKey() {
        return template;
    }

    /** The default value, or empty where there is none (a server URL). */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The default as README's table shows it (Markdown), e.g. {@code `1`} or {@code all}. */
    public String defaultText() {
        return defaultText;
    }

    /** The one-line description of README's table (Markdown). */
    public String doc() {
        return doc;
    }

    /** What a valid value looks like, e.g. {@code an integer 0..16}. */
    public String expects() {
        return type.expects();
    }

    /** Whether the value is a secret, never to be printed. */
    public boolean secret() {
        return secret;
    }

    /**
     * The typed value of {@code text}.
     *
     * @throws IllegalArgumentException if {@code text} is not a valid value (message: what was expected)
     */
    public T parse(String text) {
        try {
            return type.parse().apply(type.trimmed() ? text.trim() : text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(type.expects(), e);
        }
    }

    @Override
    public String toString() {
        return key;
    }

    /** Lower case, letters and digits only: how a name given in any spelling is matched to a key. */
    static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** How a setting's text becomes its value, and what a valid text looks like. */
    private record Type<T>(String expects, Function<String, T> parse, boolean trimmed) {

        Type(String expects, Function<String, T> parse) {
            this(expects, parse, true);
        }

        static Type<Boolean> bool() {
            return new Type<>("true or false", text -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new IllegalArgumentException(text);
            });
        }

        static Type<Integer> integer(int min, int max) {
            return new Type<>("an integer " + min + ".." + max, text -> {
                int value = Integer.parseInt(text);
                if (value < min || value > max) {
                    throw new IllegalArgumentException(text);
                }
                return value;
            });
        }

        /** Two or more distinct row counts, 1 or more, kept as their normalised text ({@code 10000,100000}). */
        static Type<String> sizes() {
            return new Type<>("a comma-separated list of two or more distinct whole numbers, 1 or more", text -> {
                Set<Long> sizes = new LinkedHashSet<>();
                for (String part : text.split(",", -1)) {
                    long value = Long.parseLong(part.trim().replace("_", ""));
                    if (value < 1 || !sizes.add(value)) {
                        throw new IllegalArgumentException(part);
                    }
                }
                if (sizes.size() < 2) {
                    throw new IllegalArgumentException(text);
                }
                return sizes.stream().map(String::valueOf).collect(Collectors.joining(","));
            });
        }

        static Type<Long> positive() {
            return new Type<>("a whole number, 1 or more", text -> {
                long value = Long.parseLong(text);
                if (value < 1) {
                    throw new IllegalArgumentException(text);
                }
                return value;
            });
        }

        static Type<Long> count() {
            return new Type<>("a whole number, 0 or more", text -> {
                long value = Long.parseLong(text);
                if (value < 0) {
                    throw new IllegalArgumentException(text);
                }
                return value;
            });
        }

        static Type<Duration> seconds() {
            return new Type<>("a whole number of seconds, 1 or more", text -> {
                long value = Long.parseLong(text);
                if (value < 1) {
                    throw new IllegalArgumentException(text);
                }
                return Duration.ofSeconds(value);
            });
        }

        static Type<Duration> minutes() {
            return new Type<>("a whole number of minutes, 0 or more (0 reclaims at once)", text -> {
                long value = Long.parseLong(text);
                if (value < 0) {
                    throw new IllegalArgumentException(text);
                }
                return Duration.ofMinutes(value);
            });
        }

        static Type<String> choice(String... values) {
            List<String> allowed = Arrays.asList(values);
            return new Type<>("one of " + String.join(", ", allowed), text -> {
                String value = text.toLowerCase(Locale.ROOT);
                if (!allowed.contains(value)) {
                    throw new IllegalArgumentException(text);
                }
                return value;
            });
        }

        static Type<Set<String>> choices(String... values) {
            List<String> allowed = Arrays.asList(values);
            return new Type<>("a comma-separated list of " + String.join(", ", allowed), text -> {
                Set<String> chosen = new LinkedHashSet<>();
                for (String name : text.split(",", -1)) {
                    if (name.isBlank() && text.isBlank()) {
                        continue;
                    }
                    chosen.add(allowed.stream().filter(a -> a.equalsIgnoreCase(name.trim())).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException(name)));
                }
                return Collections.unmodifiableSet(chosen);
            });
        }

        static Type<Set<Engine>> engines() {
            String names = Arrays.stream(Engine.values()).map(Engine::key).collect(Collectors.joining(", "));
            return new Type<>("a comma-separated list of " + names, text -> {
                List<Engine> engines = new ArrayList<>();
                for (String name : text.split(",", -1)) {
                    engines.add(Arrays.stream(Engine.values()).filter(e -> e.key().equalsIgnoreCase(name.trim()))
                            .findFirst().orElseThrow(() -> new IllegalArgumentException(name)));
                }
                return Collections.unmodifiableSet(EnumSet.copyOf(engines));
            });
        }

        static Type<Path> path() {
            return new Type<>("a file path", text -> {
                try {
                    return Path.of(text);
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException(text, e);
                }
            });
        }

        /** A provider name: one word of letters, digits and dashes. */
        static Type<String> word() {
            return new Type<>("a provider name such as auto, embedded, container or server", text -> {
                if (!text.matches("[A-Za-z][A-Za-z0-9-]*")) {
                    throw new IllegalArgumentException(text);
                }
                return text.toLowerCase(Locale.ROOT);
            });
        }

        static Type<String> text() {
            return new Type<>("a non-empty text", text -> {
                if (text.isEmpty()) {
                    throw new IllegalArgumentException(text);
                }
                return text;
            });
        }

        static Type<String> anyText() {
            // a password may well start or end with a space
            return new Type<>("any text", text -> text, false);
        }

        static Type<String> jdbcUrl() {
            return new Type<>("a JDBC URL (jdbc:<driver>://host:port/...)", text -> {
                if (!text.startsWith("jdbc:")) {
                    throw new IllegalArgumentException(text);
                }
                return text;
            });
        }
    }
}
