package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.uniqueIdSubstring;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.migratest.check.VolumeOptions;
import io.migratest.db.Settings;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** {@link VolumeRehearsal} through the engine: opt-in, sizes from {@link ProductionRows} and from the committed file. */
class VolumeRehearsalTest {

    private static final String FILE = "src/test/resources/checks/volume/production-rows.properties";

    @TempDir
    Path reportDir;

    @Test
    void production_rows_on_the_class_project_a_whole_table_update_over_the_budget() {
        Events tests = run(AnnotatedCase.class).testEvents();

        tests.assertThatEvents()
                .haveExactly(1, event(uniqueIdSubstring("volumeRehearsal"), displayName("volume rehearsal · measure at 1,000, 5,000, 25,000 rows [POSTGRES]"),
                        finishedSuccessfully()))
                .haveExactly(1, event(uniqueIdSubstring("volumeRehearsal"), displayName("volume rehearsal · V1 create orders [POSTGRES]"), finishedSuccessfully()))
                .haveExactly(1, event(uniqueIdSubstring("volumeRehearsal"), displayName("volume rehearsal · V2 add note [POSTGRES]"), finishedSuccessfully()))
                .haveExactly(1, event(uniqueIdSubstring("volumeRehearsal"), displayName("volume rehearsal · V3 archive all orders [POSTGRES]"),
                        finishedWithFailure(message(m -> m.startsWith("volume rehearsal [V3 archive all orders]: V3"
                                + " (V3__archive_all_orders.sql) on orders is projected")
                                // the annotation's 50 million, not the file's 100
                                && m.contains(" at 50,000,000 rows of orders")
                                && m.contains("over the lock budget of 200 ms")
                                && m.contains("measured: 1,000 rows ") && m.contains("fit: ")))));
        // implementing VolumeRehearsal alone brings no other check
        assertThat(tests.list()).allMatch(e -> e.getTestDescriptor().getUniqueId().toString().contains("volumeRehearsal"));
    }

    @Test
    void production_rows_from_the_properties_file_alone_are_used_for_the_projection() {
        Events tests = run(FileCase.class).testEvents();

        tests.assertThatEvents().haveExactly(1, event(uniqueIdSubstring("volumeRehearsal"), displayName("volume rehearsal · V3 archive all orders [POSTGRES]"),
                finishedSuccessfully()));
        assertThat(tests.failed().count()).as("failures: %s", tests.failed().list()).isZero();
    }

    @Test
    void the_default_checks_do_not_include_the_volume_rehearsal() {
        assertThat(Arrays.stream(MigrationChecks.class.getMethods()).map(Method::getName)).doesNotContain("volumeRehearsal");
    }

    private org.junit.platform.testkit.engine.EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .configurationParameter("migratest.reportDir", reportDir.toString())
                .execute();
    }

    static VolumeOptions small() {
        return VolumeOptions.builder(Settings.of("migratest.volume.productionRowsFile", FILE)).sizes(1_000, 5_000, 25_000)
                .repeats(3).build();
    }

    @MigrationTest(locations = "classpath:checks/volume/history")
    @LockBudget(millis = 200)
    @ProductionRows(table = "orders", rows = 50_000_000)
    @ProductionRows(table = "customers", rows = 2_000_000)
    static class AnnotatedCase implements VolumeRehearsal {
        @Override
        public VolumeOptions volumeOptions() {
            return small();
        }
    }

    @MigrationTest(locations = "classpath:checks/volume/history")
    @LockBudget(millis = 200)
    static class FileCase implements VolumeRehearsal {
        @Override
        public VolumeOptions volumeOptions() {
            return small();
        }
    }
}
