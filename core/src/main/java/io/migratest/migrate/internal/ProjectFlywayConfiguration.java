package io.migratest.migrate.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.internal.configuration.ConfigUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's own Flyway settings, read by Flyway's own loader: {@code flyway.conf} in the
 * working directory, the user's home and {@code conf/}, then {@code FLYWAY_*} environment
 * variables, over Migratest's defaults. Connection settings are dropped: Migratest migrates only
 * databases it created.
 */
public final class ProjectFlywayConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectFlywayConfiguration.class);

    /** Settings that would point Flyway at another database. */
    private static final List<String> CONNECTION_KEYS = List.of(ConfigUtils.URL, ConfigUtils.USER,
            ConfigUtils.PASSWORD, ConfigUtils.DRIVER, "flyway.environment", "flyway.jdbcProperties.");

    private ProjectFlywayConfiguration() {
    }

    /** Flyway's key for its PostgreSQL transactional lock. */
    public static final String TRANSACTIONAL_LOCK = "flyway.postgresql.transactional.lock";

    /**
     * Migratest's default for {@link #TRANSACTIONAL_LOCK}, which the project's settings override:
     * Flyway's default lock keeps a connection idle in transaction, on which {@code CREATE INDEX
     * CONCURRENTLY} waits forever.
     */
    public static final boolean DEFAULT_TRANSACTIONAL_LOCK = false;

    /**
     * The project's settings as Flyway keys. {@link #TRANSACTIONAL_LOCK}, when present, is to be
     * set through Flyway's PostgreSQL extension: Flyway's map path for it needs Jackson 3.
     * {@code environment} null reads the process's own variables.
     */
    public static Map<String, String> read(Path workingDirectory, Map<String, String> environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        File directory = workingDirectory.toAbsolutePath().toFile();
        settings.putAll(ConfigUtils.loadDefaultConfigurationFiles(directory, directory.getPath(), "UTF-8"));
        settings.putAll(environment == null ? ConfigUtils.environmentVariablesToPropertyMap()
                : ConfigUtils.environmentVariablesToPropertyMap(environment));
        settings.keySet().removeIf(key -> {
            boolean connection = CONNECTION_KEYS.stream().anyMatch(key::startsWith);
            if (connection) {
                LOG.info("Migratest ignores the Flyway setting {}: it migrates only the databases it creates", key);
            }
            return connection;
        });
        return settings;
    }
}
