package io.migratest.db;

import io.migratest.db.internal.JdbcUrls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Migratest's configuration, read once and immutable: the values of the {@link Setting}s that
 * were set, each with where it came from.
 *
 * <p>Every setting can be given three ways, and the first one found wins: a system property
 * ({@code -Dmigratest.clonePool=2}), an environment variable ({@code MIGRATEST_CLONE_POOL=2}), a
 * JUnit configuration parameter ({@code migratest.clonePool=2} in {@code junit-platform.properties}
 * or the launcher's configuration). Names are matched ignoring case, dots, dashes and
 * underscores. A blank value sets nothing (an unset Maven property handed to Surefire is blank).
 *
 * <p>Reading validates everything before any database is touched: a value that does not parse,
 * or an unknown name in Migratest's namespace (a typo such as {@code migratest.clonepol}), fails
 * with an {@link InvalidSettingException} naming the key, the source, what was expected and what
 * was found.
 *
 * @param values the values that were set, by {@link Setting#key()}
 */
public record Settings(Map<String, Value> values) {

    /** The file JUnit reads its configuration parameters from, at the root of the class path. */
    static final String JUNIT_PROPERTIES = "junit-platform.properties";

    /** Where a value came from, in order of precedence. */
    public enum Source {
        SYSTEM_PROPERTY("system property"),
        ENVIRONMENT("environment variable"),
        JUNIT("JUnit configuration parameter"),
        CODE("given in code");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /**
     * One setting's text as it was given.
     *
     * @param text   the value, not yet parsed
     * @param source where it came from
     * @param name   the name it was given under there, e.g. {@code MIGRATEST_CLONE_POOL}
     */
    public record Value(String text, Source source, String name) {

        /** E.g. {@code environment variable MIGRATEST_CLONE_POOL}, or just {@code system property} under the key itself. */
        String origin(Setting<?> setting) {
            return name.equals(setting.key()) ? source.toString() : source + " " + name;
        }
    }

    public Settings {
        values = Map.copyOf(values);
        List<String> problems = new ArrayList<>();
        values.forEach((key, value) -> {
            Optional<Setting<?>> setting = Setting.named(key).filter(s -> s.key().equals(key));
            if (setting.isEmpty()) {
                problems.add(unknown(key, value.source()));
            } else {
                invalid(setting.get(), value).ifPresent(problems::add);
            }
        });
        InvalidSettingException.throwIfAny(problems);
    }

    /**
     * The settings of this JVM outside a JUnit run: system properties over environment variables
     * over the {@code junit-platform.properties} file on the class path.
     *
     * @throws InvalidSettingException if a value is invalid or a name unknown
     */
    public static Settings fromEnvironment() {
        Properties file = junitPropertiesFile();
        return from(key -> Optional.ofNullable(file.getProperty(key)));
    }

    /**
     * The settings of a JUnit run: system properties over environment variables over the run's
     * configuration parameters, which the caller looks up (e.g. JUnit's
     * {@code ExtensionContext::getConfigurationParameter}). Unknown names are looked for in
     * {@code junit-platform.properties}, the one source of parameters that can be listed.
     *
     * @throws InvalidSettingException if a value is invalid or a name unknown
     */
    public static Settings from(Function<String, Optional<String>> junitParameters) {
        return from(junitParameters, Map.of());
    }

    /**
     * As {@link #from(Function)}, with system properties that {@link #withdrawSecretSystemProperties()}
     * took out of this JVM earlier; they count as system properties, without the warning that a
     * secret given so leaks into Surefire's reports, since it no longer does.
     */
    public static Settings from(Function<String, Optional<String>> junitParameters, Map<String, String> withdrawn) {
        Map<String, String> properties = new TreeMap<>(withdrawn);
        System.getProperties().stringPropertyNames().forEach(name -> properties.put(name, System.getProperty(name)));
        return read(properties, System.getenv(), junitParameters, junitPropertiesFile().stringPropertyNames(),
                withdrawn.keySet());
    }

    /**
     * Removes every secret setting (a password) given as a system property from this JVM's system
     * properties and returns them, name to value, so that reporters that copy every system property
     * (Surefire's {@code TEST-*.xml}) never see them; pass them to {@link #from(Function, Map)}.
     */
    public static Map<String, String> withdrawSecretSystemProperties() {
        Map<String, String> taken = new TreeMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (Setting.inNamespace(name) && Setting.named(name).filter(Setting::secret).isPresent()) {
                String value = System.clearProperty(name);
                if (value != null) {
                    taken.put(name, value);
                }
            }
        }
        return taken;
    }

    /**
     * The three sources, given: the precedence and validation, with no global state.
     *
     * @param junitParameterNames the parameter names that can be listed, checked for typos
     */
    static Settings read(Map<String, String> systemProperties, Map<String, String> environment,
            Function<String, Optional<String>> junitParameters, Set<String> junitParameterNames) {
        return read(systemProperties, environment, junitParameters, junitParameterNames, Set.of());
    }

    private static Settings read(Map<String, String> systemProperties, Map<String, String> environment,
            Function<String, Optional<String>> junitParameters, Set<String> junitParameterNames, Set<String> withdrawn) {
        Map<String, Value> values = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        // lowest precedence first: each source overwrites what the ones below it set
        for (Setting<?> setting : Setting.all()) {
            junitParameters.apply(setting.key()).filter(text -> !text.isBlank())
                    .ifPresent(text -> values.put(setting.key(), new Value(text, Source.JUNIT, setting.key())));
        }
        for (String name : junitParameterNames) {
            if (Setting.inNamespace(name) && Setting.named(name).isEmpty() && !Setting.isNotASetting(name)) {
                problems.add(unknown(name, Source.JUNIT));
            }
        }
        collect(environment, Source.ENVIRONMENT, values, problems);
        collect(systemProperties, Source.SYSTEM_PROPERTY, values, problems);
        String ci = environment.get(Setting.CI_VARIABLE);
        if (!values.containsKey(Setting.FAIL_ON_MISSING_FILES.key()) && ci != null && !ci.isBlank()) {
            boolean onCi = !List.of("false", "no", "0").contains(ci.trim().toLowerCase(Locale.ROOT));
            values.put(Setting.FAIL_ON_MISSING_FILES.key(),
                    new Value(Boolean.toString(onCi), Source.ENVIRONMENT, Setting.CI_VARIABLE));
        }
        if (!values.containsKey(Setting.CHECKS_REUSE.key()) && ci != null && !ci.isBlank()) {
            boolean onCi = !List.of("false", "no", "0").contains(ci.trim().toLowerCase(Locale.ROOT));
            values.put(Setting.CHECKS_REUSE.key(), new Value(Boolean.toString(!onCi), Source.ENVIRONMENT, Setting.CI_VARIABLE));
        }
        String github = environment.get(Setting.GITHUB_ACTIONS_VARIABLE);
        if (!values.containsKey(Setting.GITHUB_ANNOTATIONS.key()) && "true".equalsIgnoreCase(String.valueOf(github).trim())) {
            values.put(Setting.GITHUB_ANNOTATIONS.key(), new Value("true", Source.ENVIRONMENT, Setting.GITHUB_ACTIONS_VARIABLE));
        }
        values.forEach((key, value) -> invalid(Setting.named(key).orElseThrow(), value).ifPresent(problems::add));
        InvalidSettingException.throwIfAny(problems);
        values.forEach((key, value) -> {
            Setting<?> setting = Setting.named(key).orElseThrow();
            if (setting.secret() && value.source() == Source.SYSTEM_PROPERTY && !withdrawn.contains(value.name())) {
                SecretWarning.onSystemProperty(setting);
            }
        });
        return new Settings(values);
    }

    private static void collect(Map<String, String> source, Source kind, Map<String, Value> values,
            List<String> problems) {
        source.forEach((name, text) -> {
            if (!Setting.inNamespace(name) || text == null || text.isBlank() || Setting.isNotASetting(name)) {
                return;
            }
            Optional<Setting<?>> setting = Setting.named(name);
            if (setting.isEmpty()) {
                problems.add(unknown(name, kind));
            } else {
                values.put(setting.get().key(), new Value(text, kind, name));
            }
        });
    }

    /** Settings made of exactly the given pairs, e.g. for tests: {@code of("migratest.provider", "embedded")}. */
    public static Settings of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Settings.of takes key/value pairs, got an odd count");
        }
        Settings settings = new Settings(Map.of());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings = settings.with(keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    /**
     * A copy of these settings with one more (or a replaced) value.
     *
     * @throws InvalidSettingException if the name is unknown or the value invalid
     */
    public Settings with(String name, String text) {
        Setting<?> setting = Setting.named(name).orElseThrow(() ->
                new InvalidSettingException(unknown(name, Source.CODE)));
        Map<String, Value> map = new TreeMap<>(values);
        map.put(setting.key(), new Value(text, Source.CODE, name));
        return new Settings(map);
    }

    /** The value of {@code setting}, or its default when it is not set. */
    public <T> T get(Setting<T> setting) {
        return find(setting).or(setting::defaultValue).orElseThrow(() -> new IllegalStateException(
                setting.key() + " has no default => read it with find(), which says whether it is set"));
    }

    /** The value of {@code setting} if it was set. */
    public <T> Optional<T> find(Setting<T> setting) {
        Value value = values.get(setting.key());
        return value == null ? Optional.empty() : Optional.of(setting.parse(value.text()));
    }

    /** Where the value of {@code setting} came from, if it was set. */
    public Optional<Value> source(Setting<?> setting) {
        return Optional.ofNullable(values.get(setting.key()));
    }

    /** The text of the setting named {@code name} (either spelling), if set; for tests and tools. */
    public Optional<String> get(String name) {
        Setting<?> setting = Setting.named(name).orElseThrow(() -> new IllegalArgumentException(unknown(name, Source.CODE)));
        return source(setting).map(Value::text);
    }

    /** The value of the boolean setting named {@code name}, or its default; for tests and tools. */
    public boolean flag(String name) {
        Setting<?> setting = Setting.named(name).orElseThrow(() -> new IllegalArgumentException(unknown(name, Source.CODE)));
        return Boolean.TRUE.equals(get(setting));
    }

    private static Optional<String> invalid(Setting<?> setting, Value value) {
        try {
            setting.parse(value.text());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("Invalid value for " + setting.key() + " (" + value.origin(setting) + "): expected "
                    + setting.expects() + ", got '" + shown(setting, value.text()) + "'");
        }
    }

    private static String unknown(String name, Source source) {
        boolean environment = !name.contains(".");
        String message = "Unknown setting " + name + " (" + source + ")";
        return message + Setting.closestTo(name)
                .map(s -> " => did you mean " + (environment ? s.environmentName() : s.key()) + "?")
                .orElse(" => remove it, or use one of the settings of README's Configuration table");
    }

    private static String shown(Setting<?> setting, String text) {
        return setting.secret() ? "****" : JdbcUrls.mask(text);
    }

    private static Properties junitPropertiesFile() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        URL url = (loader != null ? loader : Settings.class.getClassLoader()).getResource(JUNIT_PROPERTIES);
        Properties properties = new Properties();
        if (url != null) {
            try (InputStream in = url.openStream()) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + url, e);
            }
        }
        return properties;
    }

    /**
     * The values that were set, secrets masked and so are passwords inside JDBC URLs, so that
     * settings can be printed.
     */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((key, value) -> shown.put(key, shown(Setting.named(key).orElseThrow(), value.text())));
        return "Settings" + shown;
    }
}
