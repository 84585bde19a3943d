package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.migratest.db.Engine;
import io.migratest.db.Setting;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Which engine discovers which class, through the launcher as Surefire and IDEs use it: the
 * migration test classes in {@link MigratestEngine} (their nested classes with them: a class run
 * registers them when it runs, see {@link SurefireNamesTest}), every other class
 * in Jupiter's own engine, none in both; Jupiter keeps them all when the Migratest engine is left
 * out or switched off. Discovery only: nothing here starts a database.
 */
class MigratestEngineTest {

    @Test
    void migration_test_classes_are_discovered_by_the_migratest_engine_and_others_by_jupiter() {
        TestPlan plan = discover(Map.of(), List.of(), new CopyOnWriteArrayList<>());

        assertThat(engineOfClass(plan, MatrixCase.class)).isEqualTo(MigratestEngine.ID);
        assertThat(engineOfClass(plan, PlainCase.class)).isEqualTo("junit-jupiter");
        assertThat(classes(plan)).as("each class in one engine").doesNotHaveDuplicates();
        assertThat(MigratestClasses.taken()).as("the record of what the engine took ends with the discovery").isEmpty();
        assertThat(plan.getRoots()).filteredOn(root -> root.getUniqueId().equals("[engine:" + MigratestEngine.ID + "]"))
                .singleElement().extracting(TestIdentifier::getDisplayName).isEqualTo("Migratest");
    }

    @Test
    void left_out_or_switched_off_the_migratest_engine_leaves_every_class_to_jupiter() {
        TestPlan leftOut = discover(Map.of(), List.of(EngineFilter.excludeEngines(MigratestEngine.ID)),
                new CopyOnWriteArrayList<>());
        assertThat(engineOfClass(leftOut, MatrixCase.class)).isEqualTo("junit-jupiter");

        TestPlan off = discover(Map.of(Setting.JUNIT_ENGINE.key(), "false"), List.of(), new CopyOnWriteArrayList<>());
        assertThat(engineOfClass(off, MatrixCase.class)).isEqualTo("junit-jupiter");
        assertThat(classes(off)).doesNotHaveDuplicates();

        TestPlan on = discover(Map.of(), List.of(), new CopyOnWriteArrayList<>());
        assertThat(engineOfClass(on, MatrixCase.class)).as("no discovery reads another's").isEqualTo(MigratestEngine.ID);
    }

    @Test
    void under_a_suite_the_migratest_engine_leaves_the_classes_to_jupiter() {
        // The suite engine discovers its classes with every engine but applies no auto-registered
        // post-discovery filter, so Jupiter would run them as well: the engine takes none there.
        UniqueId inSuite = UniqueId.forEngine("junit-platform-suite").append("suite", "AllTests")
                .appendEngine(MigratestEngine.ID);
        TestDescriptor root = new MigratestEngine().discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(MatrixCase.class)).build(), inSuite);

        assertThat(root.getUniqueId()).isEqualTo(inSuite);
        assertThat(root.getChildren()).isEmpty();
    }

    @Test
    void a_discovery_issue_of_another_class_is_reported_once_by_jupiter() {
        List<String> issues = new CopyOnWriteArrayList<>();
        discover(Map.of(), List.of(), issues);

        assertThat(issues).filteredOn(issue -> issue.contains(PlainCase.class.getName() + ".returns_a_value"))
                .extracting(MigratestEngineTest::engineOf).containsExactly("junit-jupiter");
        assertThat(issues).as("a migration test class's: its own engine reports it (Jupiter's, which discovers it too, as well)")
                .filteredOn(issue -> issue.contains(MatrixCase.class.getName() + ".returns_a_value"))
                .extracting(MigratestEngineTest::engineOf).contains(MigratestEngine.ID);
    }

    /** Discovers both cases; {@code issues} gets "engine: message" per discovery issue. */
    private static TestPlan discover(Map<String, String> parameters, List<EngineFilter> filters, List<String> issues) {
        LauncherDiscoveryListener listener = new LauncherDiscoveryListener() {
            @Override
            public void issueEncountered(UniqueId engineId, DiscoveryIssue issue) {
                issues.add(engineId.getEngineId().orElseThrow() + ": " + issue.message());
            }
        };
        return LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(MatrixCase.class), selectClass(PlainCase.class))
                .filters(filters.toArray(EngineFilter[]::new))
                .configurationParameters(parameters)
                .listeners(listener).build());
    }

    private static String engineOf(String issue) {
        return issue.substring(0, issue.indexOf(':'));
    }

    private static String engineOfClass(TestPlan plan, Class<?> type) {
        return UniqueId.parse(classIdentifier(plan, type).getUniqueId()).getEngineId().orElseThrow();
    }

    private static TestIdentifier classIdentifier(TestPlan plan, Class<?> type) {
        return plan.getRoots().stream().flatMap(root -> plan.getChildren(root).stream())
                .filter(test -> test.getSource().filter(ClassSource.from(type)::equals).isPresent())
                .findFirst().orElseThrow(() -> new AssertionError(type + " is not in the plan"));
    }

    private static List<String> classes(TestPlan plan) {
        return plan.getRoots().stream().flatMap(root -> plan.getChildren(root).stream())
                .map(test -> test.getSource().map(Object::toString).orElse(test.getUniqueId())).toList();
    }

    // ---- the cases, discovered only ----

    @MigrationTest(engines = Engine.POSTGRES, locations = "classpath:ext/simple")
    static class MatrixCase {

        @Test
        void runs() {
        }

        @Test
        int returns_a_value() {
            return 1;
        }

        @Nested
        class Inner {

            @Test
            void runs_too() {
            }
        }
    }

    static class PlainCase {

        @Test
        void runs() {
        }

        @Test
        int returns_a_value() {
            return 1;
        }
    }
}
