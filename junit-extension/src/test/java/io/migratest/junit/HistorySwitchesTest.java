package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.uniqueIdSubstring;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.migratest.check.Check;
import io.migratest.check.CheckOptions;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.report.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Events;

/**
 * Through the engine: {@link SkipChecks} and the setting {@code migratest.checks.skip} show a
 * check as skipped with the reason, {@link AllowGaps} declares a gap among dotted versions, and a
 * {@code {vendor}} history keeps one baseline per engine and passes on all three.
 */
class HistorySwitchesTest {

    private static final Path VENDOR_FILES = Paths.get("target", "check-cases", "vendor");

    @TempDir
    Path reportDir;

    @Test
    void a_check_switched_off_by_the_annotation_is_skipped_with_the_reason_and_in_the_report() throws IOException {
        Events tests = run(SkippedCase.class).testEvents();

        tests.assertThatEvents()
                .haveExactly(1, event(uniqueIdSubstring("lockRehearsal"), displayName("lock rehearsal [POSTGRES]"),
                        abortedWithReason(message("lock rehearsal: switched off by @SkipChecks on SkippedCase:"
                                + " rewritten offline in a maintenance window"))))
                .haveExactly(1, event(uniqueIdSubstring("undoRoundTrip"), displayName("undo round trip [POSTGRES]"),
                        abortedWithReason(message(m -> m.contains("switched off by @SkipChecks on SkippedCase")))));
        assertThat(tests.failed().count()).as("failures: %s", tests.failed().list()).isZero();
        assertThat(tests.succeeded().filter(e -> e.getTestDescriptor().getUniqueId().toString().contains("dataSurvives"))
                .count()).isEqualTo(2);
        assertThat(Files.readString(reportDir.resolve("report.md"), StandardCharsets.UTF_8))
                .contains("switched off by @SkipChecks on SkippedCase");
    }

    @Test
    void the_setting_switches_a_check_off_for_the_whole_run() {
        Events tests = run(SettingCase.class).testEvents();

        tests.assertThatEvents().haveExactly(1, event(uniqueIdSubstring("lockRehearsal"),
                abortedWithReason(message("lock rehearsal: switched off by the setting migratest.checks.skip=lockRehearsal"))));
    }

    @Test
    void a_dotted_gap_fails_naming_the_annotation_and_passes_once_declared() {
        run(GapCase.class).testEvents().assertThatEvents().haveExactly(1, event(displayName("linear history · no gaps [POSTGRES]"),
                finishedWithFailure(message(m -> m.startsWith("linear history [no gaps]: version(s) 1.2 missing between"
                        + " 1.1 and 1.3; 2 missing between 1.3 and 3 => ") && m.contains("@AllowGaps(\"1.2\")")))));

        run(DeclaredGapCase.class).testEvents().assertThatEvents()
                .haveExactly(1, event(displayName("linear history · no gaps [POSTGRES]"), finishedSuccessfully()));
    }

    @Test
    void a_vendor_history_passes_linear_history_on_every_engine_twice() throws IOException {
        for (Engine engine : Engine.values()) {
            Files.deleteIfExists(VENDOR_FILES.resolve("baseline-" + engine.key() + ".json"));
        }
        for (int round = 1; round <= 2; round++) {
            Events tests = run(VendorCase.class).testEvents();
            assertThat(tests.failed().count()).as("round %s failures: %s", round, tests.failed().list()).isZero();
            // three steps on each of three engines
            assertThat(tests.succeeded().count()).as("round %s", round).isEqualTo(9);
        }
        Path dir = VENDOR_FILES;
        assertThat(dir.resolve("baseline-postgres.json")).exists();
        assertThat(dir.resolve("baseline-mysql.json")).exists();
        assertThat(dir.resolve("baseline-mariadb.json")).exists();
        assertThat(dir.resolve("baseline.json")).doesNotExist();
    }

    private EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .configurationParameter("migratest.reportDir", reportDir.toString())
                .execute();
    }

    @MigrationTest(locations = "classpath:checks/dataloss/good")
    @SkipChecks(value = {Check.LOCK_REHEARSAL, Check.UNDO_ROUND_TRIP}, reason = "rewritten offline in a maintenance window")
    static class SkippedCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return MigrationChecksTest.isolated("skipped");
        }
    }

    /** As -Dmigratest.checks.skip=lockRehearsal would: CheckOptions.defaults() reads the same catalogue. */
    @MigrationTest(locations = "classpath:checks/dataloss/good")
    static class SettingCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return CheckOptions.builder(Settings.of("migratest.checks.skip", "lockRehearsal"))
                    .baselineFile(Paths.get("target", "check-cases", "setting", "baseline.json"))
                    .snapshotDirectory(Paths.get("target", "check-cases", "setting")).failOnMissingFiles(false).build();
        }
    }

    @MigrationTest(locations = "classpath:checks/dotted/gap")
    static class GapCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return MigrationChecksTest.isolated("gap");
        }
    }

    @MigrationTest(locations = "classpath:checks/dotted/gap")
    @AllowGaps({"1.2", "2"})
    static class DeclaredGapCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return MigrationChecksTest.isolated("declared-gap");
        }
    }

    /** Only the linear-history check, on three engines: the others have tests of their own. */
    @MigrationTest(engines = {Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB},
            locations = {"classpath:checks/vendor/common", "classpath:checks/vendor/{vendor}"})
    static class VendorCase {
        @TestFactory
        Stream<DynamicTest> linearHistory(TestDatabase database, Migrator migrator, Report report) {
            return new VendorChecks().linearHistory(database, migrator, report);
        }
    }

    static class VendorChecks implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return CheckOptions.builder(Settings.of()).baselineFile(VENDOR_FILES.resolve("baseline.json"))
                    .snapshotDirectory(VENDOR_FILES).failOnMissingFiles(false).build();
        }
    }
}
