package io.migratest.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the {@link DatabaseProvider}s on the class path and chooses one for an engine.
 *
 * <p>{@value #AUTO} tries, in order: {@code server} (when {@code migratest.<engine>.url} is set),
 * {@code container} (when Docker answers), {@code embedded} (PostgreSQL only). A configured server
 * is never replaced silently: when {@code migratest.<engine>.url} is set and the server does not
 * answer, {@value #AUTO} fails with the reason instead of trying the next provider.
 */
public final class DatabaseProviders {

    /** The provider name that lets Migratest choose. */
    public static final String AUTO = "auto";

    private static final List<String> AUTO_ORDER = List.of("server", "container", "embedded");

    private DatabaseProviders() {
    }

    /** Every provider found by {@link ServiceLoader}. */
    public static List<DatabaseProvider> all() {
        List<DatabaseProvider> providers = new ArrayList<>();
        ServiceLoader.load(DatabaseProvider.class, DatabaseProviders.class.getClassLoader()).forEach(providers::add);
        return providers;
    }

    /** The provider with the given name, if one is on the class path. */
    public static Optional<DatabaseProvider> named(String name) {
        return all().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * The provider to use for {@code engine}: the one named by {@code requested}, or for
     * {@value #AUTO} the first available one.
     *
     * @throws DatabaseUnavailableException naming every reason no provider fits
     */
    public static DatabaseProvider choose(Engine engine, String requested, Settings settings) {
        return choose(engine, requested, settings, RunMemo.create());
    }

    /**
     * As {@link #choose(Engine, String, Settings)}, with the run's {@code memo}: a server or image
     * found missing once is not asked about again in the same run.
     *
     * @throws DatabaseUnavailableException naming every reason no provider fits
     */
    public static DatabaseProvider choose(Engine engine, String requested, Settings settings, RunMemo memo) {
        String wanted = requested == null || requested.isBlank() ? AUTO : requested.trim().toLowerCase(Locale.ROOT);
        if (!wanted.equals(AUTO)) {
            DatabaseProvider provider = named(wanted).orElseThrow(() -> new DatabaseUnavailableException(
                    "No database provider named '" + wanted + "' => use one of " + names() + " or " + AUTO));
            String reason = provider.unavailableReason(engine, settings, memo);
            if (reason == null && !provider.supports(engine)) {
                reason = "it does not support " + engine;
            }
            if (reason != null) {
                throw new DatabaseUnavailableException("Cannot run " + engine + " with provider '" + wanted
                        + "': " + reason);
            }
            return provider;
        }
        List<String> reasons = new ArrayList<>();
        for (String name : AUTO_ORDER) {
            Optional<DatabaseProvider> provider = named(name);
            if (provider.isEmpty()) {
                continue;
            }
            if (!provider.get().supports(engine)) {
                reasons.add(name + ": does not run " + engine);
                continue;
            }
            String reason = provider.get().unavailableReason(engine, settings, memo);
            if (reason == null) {
                return provider.get();
            }
            if (name.equals("server") && settings.find(Setting.url(engine)).isPresent()) {
                // The user named this server: running elsewhere would pass tests the server never saw.
                throw new DatabaseUnavailableException("Cannot run " + engine + " on the configured server: " + reason
                        + "\n" + AUTO + " does not fall back to another provider while " + Setting.url(engine).key()
                        + " is set => start that server, or unset " + Setting.url(engine).key()
                        + " to let " + AUTO + " choose a container or an embedded database");
            }
            reasons.add(name + ": " + reason);
        }
        throw new DatabaseUnavailableException("No database provider can run " + engine + " here:\n  "
                + String.join("\n  ", reasons));
    }

    private static List<String> names() {
        return all().stream().map(DatabaseProvider::name).toList();
    }
}
