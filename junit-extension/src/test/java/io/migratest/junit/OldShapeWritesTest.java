package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.uniqueIdSubstring;

import io.migratest.check.Check;
import io.migratest.check.CheckOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A step after which the server refuses the writers' rows in the table's previous shape passes
 * the lock rehearsal by default, but not silently: the finding is in the test's own output,
 * which Surefire keeps with the test case, and in report.md.
 */
class OldShapeWritesTest {

    @TempDir
    Path reportDir;

    @Test
    void a_pass_with_old_shape_writes_refused_says_so_in_the_test_output_and_the_report() throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream console = System.out;
        EngineExecutionResults results;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(OldShapeCase.class))
                    .configurationParameter("migratest.reportDir", reportDir.toString()).execute();
        } finally {
            System.setOut(console);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        console.print(output);

        results.testEvents().assertThatEvents().haveExactly(1, event(uniqueIdSubstring("lockRehearsal"),
                displayName("lock rehearsal · V2 Require order currency [POSTGRES]"), finishedSuccessfully()));
        assertThat(output).containsPattern("Migratest: lock rehearsal · V2 Require order currency \\[POSTGRES\\] passed"
                + " with a finding: [0-9]+ writes? in the previous shape of orders refused after statement");
        assertThat(Files.readString(reportDir.resolve("report.md"), StandardCharsets.UTF_8))
                .containsPattern("in the previous shape of orders refused after statement");
    }

    @MigrationTest(locations = "classpath:checks/oldshape")
    @SkipChecks(value = {Check.SCHEMA_MATCHES_SNAPSHOT, Check.LINEAR_HISTORY, Check.UNDO_ROUND_TRIP},
            reason = "only the lock rehearsal's finding is under test")
    static class OldShapeCase implements MigrationChecks {
        @Override
        public CheckOptions checkOptions() {
            return MigrationChecksTest.isolated("oldshape");
        }
    }
}
