package io.migratest.db.internal;

import io.migratest.db.Settings;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * The run's {@link Settings}, carried by the {@link Jdbi} of each database Migratest creates, so
 * that what a test does with that Jdbi ({@code Snapshot.of(jdbi, ...)}, a {@code DataDiff} into
 * it) follows the settings the run was started with, JUnit configuration parameters included,
 * without reading them again or holding them in a static field.
 */
public final class JdbiSettings implements JdbiConfig<JdbiSettings> {

    private Settings settings;

    /** Jdbi makes the first instance of each config type itself, through this constructor. */
    public JdbiSettings() {
    }

    private JdbiSettings(JdbiSettings other) {
        this.settings = other.settings;
    }

    /** The settings {@code jdbi} carries, or for a Jdbi made elsewhere those of this JVM ({@link Settings#fromEnvironment()}). */
    public static Settings of(Jdbi jdbi) {
        Settings carried = jdbi == null ? null : jdbi.getConfig(JdbiSettings.class).settings;
        return carried != null ? carried : Settings.fromEnvironment();
    }

    static void attach(Jdbi jdbi, Settings settings) {
        jdbi.getConfig(JdbiSettings.class).settings = settings;
    }

    @Override
    public JdbiSettings createCopy() {
        return new JdbiSettings(this);
    }
}
