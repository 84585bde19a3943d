package io.migratest.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.junit.MigratestEngine;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The samples pass with JUnit's parallel execution on: every sample class (the built-in checks,
 * seeded and cloned tests, plain tests) runs through the engine that runs them in a build,
 * Migratest's ({@link MigratestEngine}: Jupiter's under another id), with classes and methods
 * concurrent, on four threads whatever the machine's cores, round after round, and each round
 * passes every test the sequential run passes.
 *
 * <p>A project that switched Migratest's engine off ({@code migratest.junit.engine=false}) runs
 * the same classes through Jupiter's own engine: three rounds on PostgreSQL cover that path.
 *
 * <p>Ten rounds on each engine, as issue 12 asks (about five seconds a round on a 2-core machine).
 * Each run is restricted to its engine with the {@code migratest.engines} parameter, unless the
 * outer run pins the engines itself (then each round runs those). An engine that is
 * not available skips its test, as the samples do.
 */
class ParallelExecutionTest {

    private static final List<String> SAMPLES = List.of(
            "io.migratest.samples.checks.MigrationsAreHealthyTest",
            "io.migratest.samples.checks.EnginesAreRealTest",
            "io.migratest.samples.users.UsersMigrationTest",
            "io.migratest.samples.users.BrokenDataStepIsCaughtTest",
            "io.migratest.samples.orders.ShipCountryBackfillTest");

    @Test
    void postgres_passes_ten_parallel_rounds() {
        passesInParallel(Engine.POSTGRES, 10);
    }

    @Test
    void mysql_passes_ten_parallel_rounds() {
        passesInParallel(Engine.MYSQL, 10);
    }

    @Test
    void mariadb_passes_ten_parallel_rounds() {
        passesInParallel(Engine.MARIADB, 10);
    }

    /**
     * With {@code migratest.junit.engine=false} the same classes run through Jupiter's own engine
     * (a project that switched Migratest's engine off), and pass in parallel there too.
     */
    @Test
    void postgres_passes_three_parallel_rounds_through_jupiter_with_migratests_engine_off() {
        passesInParallel(Engine.POSTGRES, 3, "junit-jupiter");
    }

    private static void passesInParallel(Engine engine, int rounds) {
        passesInParallel(engine, rounds, MigratestEngine.ID);
    }

    private static void passesInParallel(Engine engine, int rounds, String junitEngine) {
        assumeTrue(Settings.fromEnvironment().get(Setting.ENGINES).contains(engine),
                engine + " is not among " + Setting.ENGINES.key());
        Events sequential = run(engine, false, junitEngine);
        skipIfUnavailable(engine, sequential);
        assertThat(failures(sequential)).as("failed tests of the sequential run on %s", engine).isEmpty();
        long expected = sequential.succeeded().count();
        assertThat(expected).as("tests passed in the sequential run on %s", engine).isPositive();

        for (int round = 1; round <= rounds; round++) {
            Events parallel = run(engine, true, junitEngine);
            assertThat(failures(parallel)).as("failed tests of parallel round %d on %s", round, engine).isEmpty();
            assertThat(parallel.started().count()).as("tests started in parallel round %d on %s", round, engine)
                    .isEqualTo(expected);
            assertThat(parallel.succeeded().count()).as("tests passed in parallel round %d on %s", round, engine)
                    .isEqualTo(expected);
        }
    }

    private static Events run(Engine engine, boolean parallel, String junitEngine) {
        EngineTestKit.Builder kit = EngineTestKit.engine(junitEngine)
                .selectors(SAMPLES.stream().map(name -> selectClass(name)).toArray(ClassSelector[]::new))
                .configurationParameter(Setting.JUNIT_ENGINE.key(), String.valueOf(MigratestEngine.ID.equals(junitEngine)))
                .configurationParameter(Setting.ENGINES.key(), engine.name().toLowerCase(Locale.ROOT))
                // the outer run writes the real report; these runs keep theirs apart
                .configurationParameter(Setting.REPORT_DIR.key(), "target/migratest-parallel");
        if (parallel) {
            kit.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                    // more threads than this machine's two cores, so that steps really interleave
                    .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                    .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
        }
        return kit.execute().testEvents();
    }

    /** Every test aborted: the engine could not be had here (the samples say why). */
    private static void skipIfUnavailable(Engine engine, Events tests) {
        long started = tests.started().count();
        if (started > 0 && tests.aborted().count() == started) {
            abort(engine + " is not available: " + messageOf(tests.aborted().list().get(0)));
        }
    }

    private static List<String> failures(Events tests) {
        return tests.failed().stream()
                .map(event -> event.getTestDescriptor().getUniqueId() + ": " + messageOf(event))
                .toList();
    }

    private static String messageOf(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElse("(no message)");
    }
}
