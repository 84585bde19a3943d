package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.uniqueIdSubstring;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.migratest.check.CheckOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.TestAbortedException;

/**
 * A step before which a table could not be seeded is "not verified": an aborted (skipped) test
 * saying which table and why, never a pass; with {@code failOnNotVerified} a failed one.
 */
class NotVerifiedChecksTest {

    @TempDir
    Path reportDir;

    @Test
    void a_step_with_a_table_the_generator_cannot_fill_is_aborted_as_not_verified() throws IOException {
        EngineExecutionResults results = run(UnfillableCase.class);

        results.testEvents().assertThatEvents().haveExactly(1, event(uniqueIdSubstring("dataSurvives"),
                displayName("data survives · V2 Add seen [POSTGRES]"), abortedWithReason(instanceOf(TestAbortedException.class),
                        message(m -> m.startsWith("data survives [V2 Add seen]: not verified: places: not seeded:"
                                + " no generator for column spot of type point")))));
        String markdown = Files.readString(reportDir.resolve("report.md"), StandardCharsets.UTF_8);
        assertThat(markdown).containsPattern("[0-9]+ skipped \\([0-9]+ not verified\\)")
                .contains("### ⚠️ data survives · V2 Add seen")
                .contains("| data survives | V2 Add seen | **1 / 2** |");
    }

    @Test
    void fail_on_not_verified_makes_it_a_failure() {
        run(StrictCase.class).testEvents().assertThatEvents().haveExactly(1, event(uniqueIdSubstring("dataSurvives"),
                displayName("data survives · V2 Add seen [POSTGRES]"), finishedWithFailure(instanceOf(AssertionError.class),
                        message(m -> m.startsWith("data survives [V2 Add seen]: not verified: places: not seeded")
                                && m.contains("migratest.checks.failOnNotVerified")))));
    }

    private EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .configurationParameter("migratest.reportDir", reportDir.toString())
                .execute();
    }

    @MigrationTest(locations = "classpath:checks/unfillable")
    @SkipChecks(value = {io.migratest.check.Check.LOCK_REHEARSAL, io.migratest.check.Check.SCHEMA_MATCHES_SNAPSHOT,
            io.migratest.check.Check.LINEAR_HISTORY, io.migratest.check.Check.UNDO_ROUND_TRIP})
    static class UnfillableCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return MigrationChecksTest.isolated("unfillable");
        }
    }

    @MigrationTest(locations = "classpath:checks/unfillable")
    @SkipChecks(value = {io.migratest.check.Check.LOCK_REHEARSAL, io.migratest.check.Check.SCHEMA_MATCHES_SNAPSHOT,
            io.migratest.check.Check.LINEAR_HISTORY, io.migratest.check.Check.UNDO_ROUND_TRIP})
    static class StrictCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return MigrationChecksTest.isolated("strict").toBuilder().failOnNotVerified(true).build();
        }
    }
}
