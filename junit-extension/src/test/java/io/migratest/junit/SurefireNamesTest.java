package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import io.migratest.check.Check;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * What Surefire's XML and console call each test of a multi-engine class, from what the JUnit
 * Platform hands Surefire: the {@link TestIdentifier}s of a launcher run, as Surefire's provider
 * gets them. Surefire 3.6.0's default reporter names a test whose source is a method or a class by
 * its legacy reporting name, any other test by its display name ({@link #surefireName}). The
 * classes run in {@link MigratestEngine}, as in a real run; {@link SurefireReportTest} has a real
 * Surefire write its XML.
 */
class SurefireNamesTest {

    private static final List<Engine> ENGINES = List.of(Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB);

    @TempDir
    static Path reportDir;

    /** One run of {@link NamesCase} for the tests that read it (three engines: the slow part). */
    private static Run run;

    @BeforeAll
    static void runNamesCase() {
        run = run(NamesCase.class, reportDir);
    }

    @Test
    void every_dynamic_test_is_named_by_its_engine_and_factory_in_surefire_reports() {
        List<TestIdentifier> dynamic = run.tests().stream().filter(test -> !isMethod(test.getSource())).toList();
        assertThat(dynamic).as("two dynamic tests per engine").hasSize(2 * ENGINES.size());
        assertThat(dynamic).allSatisfy(test -> assertThat(run.surefireName(test))
                .endsWith(" [" + run.engineOf(test) + "]")
                .startsWith("cases · "));
        assertThat(dynamic).extracting(run::surefireName).containsAll(ENGINES.stream()
                .flatMap(engine -> Stream.of("cases · first [" + engine + "]",
                        "cases · group · second [" + engine + "]"))
                .toList());
    }

    @Test
    void a_failed_or_skipped_test_names_its_engine_in_the_message_surefire_writes_beside_it() {
        List<TestIdentifier> failing = run.tests().stream()
                .filter(test -> test.getLegacyReportingName().startsWith("fails_on_an_assertion(")).toList();
        assertThat(failing).hasSize(ENGINES.size());
        // The legacy name of a test method, with the engine (MigratestEngine) before the run's index.
        assertThat(failing).allSatisfy(test -> assertThat(run.surefireName(test))
                .matches("fails_on_an_assertion\\(Engine\\) \\[" + run.engineOf(test) + "]\\[\\d]"));
        assertThat(failing).allSatisfy(test -> {
            TestExecutionResult result = run.results().get(test.getUniqueId());
            String message = result.getThrowable().orElseThrow().getMessage();
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                assertThat(message).startsWith("[" + run.engineOf(test) + "] ")
                        .contains("expected: \"NONE\"").contains("but was: \"" + run.engineOf(test) + "\"");
            } else {
                assertThat(message).as("the engine could not run").startsWith(run.engineOf(test) + " is not available");
            }
        });
        List<TestIdentifier> skipped = run.tests().stream()
                .filter(test -> test.getLegacyReportingName().startsWith("skips_on_an_assumption(")).toList();
        assertThat(skipped).hasSize(ENGINES.size()).allSatisfy(test -> assertThat(run.results().get(test.getUniqueId())
                .getThrowable().orElseThrow().getMessage()).contains(run.engineOf(test).name()));
        assertThat(run.tests()).as("a @Nested class runs on every engine too")
                .filteredOn(test -> test.getLegacyReportingName().startsWith("nested_test(")).hasSize(ENGINES.size());
    }

    @Test
    void a_passing_test_method_is_named_by_its_engine_in_surefire_reports() {
        List<TestIdentifier> migrates = run.tests().stream()
                .filter(test -> test.getLegacyReportingName().startsWith("migrates(")).toList();
        assertThat(migrates).hasSize(ENGINES.size()).allSatisfy(test -> assertThat(run.surefireName(test))
                .matches("migrates\\(Migrator\\) \\[" + run.engineOf(test) + "]\\[\\d]"));
        assertThat(migrates).extracting(run::surefireName)
                .containsExactlyInAnyOrder("migrates(Migrator) [POSTGRES][1]", "migrates(Migrator) [MYSQL][2]",
                        "migrates(Migrator) [MARIADB][3]");
        assertThat(run.tests()).filteredOn(test -> test.getLegacyReportingName().startsWith("nested_test("))
                .allSatisfy(test -> assertThat(run.surefireName(test))
                        .matches("nested_test\\(TestDatabase\\) \\[" + run.engineOf(test) + "]\\[\\d]"));
    }

    @Test
    void every_test_runs_once_in_the_migratest_engine() {
        assertThat(run.tests()).as("migrates, fails, skips, two dynamic tests and the nested test, per engine")
                .hasSize(6 * ENGINES.size());
        assertThat(run.tests()).allSatisfy(test -> assertThat(UniqueId.parse(test.getUniqueId()).getEngineId())
                .contains(MigratestEngine.ID));
        assertThat(run.tests()).extracting(run::surefireName).doesNotHaveDuplicates();
    }

    @Test
    void switched_off_jupiter_runs_the_class_under_its_legacy_names(@TempDir Path offReportDir) {
        Run off = run(List.of(selectClass(PassingCase.class)), Map.of(Setting.JUNIT_ENGINE.key(), "false"), offReportDir);

        assertThat(off.tests()).singleElement().satisfies(test -> {
            assertThat(UniqueId.parse(test.getUniqueId()).getEngineId()).contains("junit-jupiter");
            assertThat(off.surefireName(test)).isEqualTo("passes(Migrator)[1]");
        });
    }

    @Test
    void a_rerun_by_unique_id_runs_the_one_test_in_the_engine_it_names(@TempDir Path rerunReportDir) {
        Run first = run(List.of(selectClass(PassingCase.class)), Map.of(), rerunReportDir);
        TestIdentifier test = first.tests().stream().filter(t -> t.getLegacyReportingName().startsWith("passes("))
                .findFirst().orElseThrow();
        assertThat(test.getUniqueId()).startsWith("[engine:" + MigratestEngine.ID + "]");

        // An IDE re-runs a test by its unique id: it runs once, where the id says, named by its engine.
        Run again = run(List.of(selectUniqueId(test.getUniqueId())), Map.of(), rerunReportDir);
        assertThat(again.tests()).extracting(TestIdentifier::getUniqueId).containsExactly(test.getUniqueId());
        assertThat(again.tests()).extracting(again::surefireName).containsExactly("passes(Migrator) [POSTGRES][1]");

        // An id Jupiter gave it (a run with the engine off) stays Jupiter's: Migratest's engine does not find it.
        String jupiterId = test.getUniqueId().replace("[engine:" + MigratestEngine.ID + "]", "[engine:junit-jupiter]");
        Run jupiter = run(List.of(selectUniqueId(jupiterId)), Map.of(), rerunReportDir);
        assertThat(jupiter.tests()).extracting(TestIdentifier::getUniqueId).containsExactly(jupiterId);
    }

    @Test
    void the_built_in_checks_are_named_by_check_step_and_engine_in_surefire_reports(@TempDir Path checksReportDir) {
        Run checks = run(ChecksCase.class, checksReportDir);

        assertThat(checks.tests()).as("one step of applies from empty, one stand-in per check switched off, per engine")
                .hasSize(2 * 6);
        assertThat(checks.tests()).allSatisfy(test -> assertThat(checks.surefireName(test))
                .endsWith(" [" + checks.engineOf(test) + "]"));
        assertThat(checks.tests()).extracting(checks::surefireName).contains(
                "applies from empty · V1 Create items [POSTGRES]", "applies from empty · V1 Create items [MARIADB]",
                "lock rehearsal [POSTGRES]", "lock rehearsal [MARIADB]");
    }

    /** The tests of one launcher run of {@code testClass}, the plan they belong to and their results. */
    private record Run(TestPlan plan, List<TestIdentifier> tests, Map<String, TestExecutionResult> results) {

        /**
         * The name Surefire 3.6.0 writes for {@code test} (XML {@code testcase name}, console): the
         * legacy reporting name for a method or class source, the display name otherwise.
         */
        String surefireName(TestIdentifier test) {
            return isMethod(test.getSource()) || test.getSource().filter(ClassSource.class::isInstance).isPresent()
                    ? test.getLegacyReportingName() : test.getDisplayName();
        }

        /** The engine of the class run above {@code test}: its display name is {@code [ENGINE]}. */
        Engine engineOf(TestIdentifier test) {
            Optional<TestIdentifier> node = plan.getParent(test);
            while (node.isPresent()) {
                String type = UniqueId.parse(node.get().getUniqueId()).getLastSegment().getType();
                if (type.equals("class-template-invocation")) {
                    String name = node.get().getDisplayName();
                    return Engine.valueOf(name.substring(1, name.length() - 1));
                }
                node = plan.getParent(node.get());
            }
            throw new AssertionError(test.getDisplayName() + " is not under a class run");
        }
    }

    private static boolean isMethod(Optional<TestSource> source) {
        return source.filter(MethodSource.class::isInstance).isPresent();
    }

    private static Run run(Class<?> testClass, Path reportDir) {
        return run(List.of(selectClass(testClass)), Map.of(), reportDir);
    }

    private static Run run(List<DiscoverySelector> selectors, Map<String, String> parameters, Path reportDir) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameters(parameters)
                .configurationParameter("migratest.reportDir", reportDir.toString()).build();
        Map<String, TestIdentifier> tests = new ConcurrentHashMap<>();
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        TestPlan[] plan = new TestPlan[1];
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void testPlanExecutionStarted(TestPlan testPlan) {
                plan[0] = testPlan;
            }

            @Override
            public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
                if (identifier.isTest()) {
                    tests.put(identifier.getUniqueId(), identifier);
                    results.put(identifier.getUniqueId(), result);
                }
            }
        });
        return new Run(plan[0], tests.values().stream().collect(Collectors.toList()), results);
    }

    // ---- the cases, run only through the launcher ----

    @MigrationTest(engines = {Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB}, locations = "classpath:ext/simple")
    static class NamesCase {

        @Test
        void migrates(Migrator migrator) {
            migrator.migrate();
        }

        @Test
        void fails_on_an_assertion(Engine engine) {
            assertThat(engine.name()).isEqualTo("NONE");
        }

        @Test
        void skips_on_an_assumption() {
            assumeTrue(false, "not this time");
        }

        @TestFactory
        Stream<DynamicNode> cases(Migrator migrator) {
            return Stream.of(dynamicTest("first", migrator::migrate),
                    dynamicContainer("group", Stream.of(dynamicTest("second", migrator::migrate))));
        }

        @Nested
        class Inner {

            @Test
            void nested_test(TestDatabase database) {
                assertThat(database.name()).startsWith("migratest_");
            }
        }
    }

    @MigrationTest(engines = Engine.POSTGRES, locations = "classpath:ext/simple")
    static class PassingCase {

        @Test
        void passes(Migrator migrator) {
            migrator.migrate();
        }
    }

    @MigrationTest(engines = {Engine.POSTGRES, Engine.MARIADB}, locations = "classpath:ext/simple")
    @SkipChecks(value = {Check.LINEAR_HISTORY, Check.DATA_SURVIVES, Check.UNDO_ROUND_TRIP,
        Check.SCHEMA_MATCHES_SNAPSHOT, Check.LOCK_REHEARSAL}, reason = "only the names are under test")
    static class ChecksCase implements MigrationChecks {
    }
}
