package io.migratest.db;

import io.migratest.db.internal.JdbcUrls;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Migratest's configuration as read from system properties and environment variables, immutable.
 *
 * <p>Every key has two spellings: a system property such as {@code migratest.postgres.image} and
 * an environment variable such as {@code MIGRATEST_POSTGRES_IMAGE}. Keys are matched ignoring
 * case, dots, dashes and underscores, so {@code migratest.keepFailedDatabases} and
 * {@code MIGRATEST_KEEP_FAILED_DATABASES} are the same setting. A system property wins over an
 * environment variable.
 *
 * @param values the settings by normalised key (lower case, letters and digits only)
 */
public record Settings(Map<String, String> values) {

    public Settings {
        values = Map.copyOf(values);
    }

    /** The settings of this JVM: {@code migratest.*} system properties over {@code MIGRATEST_*} variables. */
    public static Settings fromEnvironment() {
        Map<String, String> found = new TreeMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.toUpperCase(Locale.ROOT).startsWith("MIGRATEST_") && !value.isBlank()) {
                found.put(normalise(name), value);
            }
        });
        System.getProperties().forEach((name, value) -> {
            // A blank property (e.g. an unset Maven property handed to Surefire) sets nothing.
            if (name.toString().startsWith("migratest.") && !value.toString().isBlank()) {
                found.put(normalise(name.toString()), value.toString());
            }
        });
        return new Settings(found);
    }

    /** Settings made of exactly the given pairs, e.g. for tests: {@code of("migratest.provider", "embedded")}. */
    public static Settings of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Settings.of takes key/value pairs, got an odd count");
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(normalise(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return new Settings(map);
    }

    /** A copy of these settings with one more (or a replaced) value. */
    public Settings with(String key, String value) {
        Map<String, String> map = new TreeMap<>(values);
        map.put(normalise(key), value);
        return new Settings(map);
    }

    /** The value of {@code key} (either spelling), if set and not blank. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(normalise(key))).filter(v -> !v.isBlank());
    }

    /** The boolean value of {@code key}; {@code true}, {@code yes} and {@code 1} are true. */
    public boolean flag(String key) {
        return get(key).map(v -> v.trim().toLowerCase(Locale.ROOT))
                .map(v -> v.equals("true") || v.equals("yes") || v.equals("1"))
                .orElse(false);
    }

    private static String normalise(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /**
     * Values of keys that look like secrets are masked, and so are passwords inside JDBC URLs, so
     * that settings can be printed.
     */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((k, v) -> shown.put(k, k.contains("password") ? "****" : JdbcUrls.mask(v)));
        return "Settings" + shown;
    }
}
