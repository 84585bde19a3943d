package io.migratest.junit;

import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.FlywayCustomizer;
import io.migratest.migrate.Migrator;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Every migrator of a {@code @MigrationTest} (the test's, the seeded templates', the checks')
 * comes from here, so each gets the project's Flyway hook, the locations and the step bound.
 */
final class ProjectFlyway {

    private ProjectFlyway() {
    }

    static Migrator.Builder configure(TestDatabase database, MigrationTest configuration, Settings settings) {
        return configure(Migrator.configure(database), configuration, settings);
    }

    /** A migrator of no database, whose content digests name the templates of {@code engine}. */
    static Migrator unconnected(Engine engine, MigrationTest configuration, Settings settings) {
        return configure(Migrator.configureUnconnected(engine), configuration, settings).load();
    }

    private static Migrator.Builder configure(Migrator.Builder migrator, MigrationTest configuration,
            Settings settings) {
        Migrator.Builder builder = migrator.stepTimeout(settings.get(Setting.MIGRATION_STEP_TIMEOUT));
        if (configuration.flyway() != FlywayCustomizer.class) {
            builder.customizer(ReflectionSupport.newInstance(configuration.flyway()));
        }
        return builder.locations(configuration.locations());
    }

    /** Checks, before any database is touched, that the hook can be made. */
    static void validate(MigrationTest configuration, Class<?> testClass) {
        Class<? extends FlywayCustomizer> hook = configuration.flyway();
        if (hook == FlywayCustomizer.class) {
            return;
        }
        boolean usable = !hook.isInterface() && !Modifier.isAbstract(hook.getModifiers())
                && (hook.getEnclosingClass() == null || Modifier.isStatic(hook.getModifiers()));
        try {
            Constructor<? extends FlywayCustomizer> constructor = hook.getDeclaredConstructor();
            usable &= constructor != null;
        } catch (NoSuchMethodException e) {
            usable = false;
        }
        if (!usable) {
            throw new ExtensionConfigurationException("@MigrationTest(flyway = " + hook.getSimpleName() + ".class) on "
                    + testClass.getName() + " cannot be made => give a concrete, non-inner class with a"
                    + " constructor that takes no arguments");
        }
    }
}
