package io.migratest.junit;

import io.migratest.check.CheckOptions;
import io.migratest.check.Checks;
import io.migratest.check.VolumeOptions;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.report.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The volume rehearsal as a JUnit test, opt-in: implement it in a {@link MigrationTest} class
 * (besides or instead of {@link MigrationChecks}) to time each migration at several table sizes
 * and project the time to production size. A class that does not implement it never runs it, and
 * shows no test for it, skipped or otherwise: the default checks stay cheap.
 *
 * <pre>{@code
 * @MigrationTest
 * @LockBudget(millis = 200)
 * @ProductionRows(table = "orders", rows = 50_000_000)
 * class OrdersAtScaleTest implements VolumeRehearsal { }
 * }</pre>
 *
 * <p>The tests it makes: "measure at 10,000, 100,000, 1,000,000 rows" (the history runs at each
 * size, {@code migratest.volume.repeats} times, the tables each migration touches filled through
 * the bulk path first), then one per migration with the measured points, the fitted growth
 * (constant, linear or n log n) and the projection to the production rows of
 * {@link ProductionRows} and {@code src/test/resources/migratest/production-rows.properties}.
 * A projection over {@link LockBudget} fails its migration's test when, at the largest size, the
 * migration was seen (statement by statement, as the lock rehearsal watches) holding a lock that
 * blocks writes while doing work that grows with the table; a step that runs long but blocks no
 * writes (e.g. {@code CREATE INDEX CONCURRENTLY}) passes and says so. A Java migration, whose
 * statements are not seen one by one, is held to the budget whatever it locks.
 *
 * <p>Sizes: {@code migratest.volume.sizes} (default {@code 10000,100000,1000000}), or override
 * {@link #volumeOptions()}.
 */
public interface VolumeRehearsal {

    /**
     * The sizes and production rows; {@link ProductionRows} on the class are added to them.
     * Not overridden, the run's settings give them (system properties, environment and JUnit
     * configuration parameters) with the committed properties file.
     */
    default VolumeOptions volumeOptions() {
        return VolumeOptions.defaults();
    }

    /** Each migration timed at several sizes, fitted and projected to production size. */
    @TestFactory
    @Execution(ExecutionMode.SAME_THREAD)
    @DisplayName("volume rehearsal")
    default Stream<DynamicTest> volumeRehearsal(TestDatabase database, Migrator migrator, Report report) {
        Settings settings = CheckTests.settings(database);
        CheckOptions options = this instanceof MigrationChecks checks ? CheckTests.options(checks, database)
                : CheckTests.options(getClass(), CheckOptions.builder(settings).build(), settings);
        VolumeOptions volume = withAnnotations(this, settings);
        return CheckTests.of(Checks.on(database, migrator, options, report).volumeRehearsal(volume), database);
    }

    /**
     * The test's own options if it overrides {@link #volumeOptions()}, else those of the run's
     * settings (JUnit configuration parameters included); then the annotations on the class.
     */
    private static VolumeOptions withAnnotations(VolumeRehearsal test, Settings settings) {
        boolean overridden;
        try {
            overridden = test.getClass().getMethod("volumeOptions").getDeclaringClass() != VolumeRehearsal.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("VolumeRehearsal declares volumeOptions()", e);
        }
        VolumeOptions options = overridden ? test.volumeOptions() : VolumeOptions.builder(settings).build();
        VolumeOptions.Builder builder = VolumeOptions.builder(Settings.of())
                .sizes(options.sizes().stream().mapToLong(Long::longValue).toArray())
                .repeats(options.repeats());
        options.productionRows().forEach(builder::productionRows);
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> type = test.getClass(); type != null; type = type.getEnclosingClass()) {
            classes.add(0, type); // outermost first, so the nearest class's declaration wins
        }
        for (Class<?> type : classes) {
            for (ProductionRows rows : AnnotationSupport.findRepeatableAnnotations(type, ProductionRows.class)) {
                if (rows.table().isBlank() || rows.rows() < 0) {
                    throw new ExtensionConfigurationException("@ProductionRows(table = \"" + rows.table() + "\", rows = "
                            + rows.rows() + ") on " + type.getName() + " => name the table and give its production row"
                            + " count, 0 or more, e.g. @ProductionRows(table = \"orders\", rows = 50_000_000)");
                }
                builder.productionRows(rows.table(), rows.rows());
            }
        }
        return builder.build();
    }
}
