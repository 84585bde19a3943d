package io.migratest.junit;

import io.migratest.MigratestException;
import io.migratest.db.InvalidSettingException;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.report.Report;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts every test of a test plan the way Surefire does, so that the report's totals equal the
 * build's: a test that passed, failed (failure or error) or was skipped (aborted, disabled); a
 * container that failed (a class whose set-up or template failed) is one failed test, a skipped
 * one skips each of its tests. At the end of the plan it writes the run's {@link Report} with
 * those totals: on every run that had a {@link MigrationTest} class, whatever ran or did not.
 */
final class RunTally implements TestExecutionListener {

    private final Map<String, String> withdrawnSecrets;
    private final AtomicLong passed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile Report report = Report.create();
    private volatile TestPlan plan;
    private volatile Path directory;

    RunTally(Map<String, String> withdrawnSecrets) {
        this.withdrawnSecrets = withdrawnSecrets;
    }

    /** The plan's report, which a Migratest test records into; {@code directory} is where it goes. */
    Report report(Path directory) {
        this.directory = directory;
        return report;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        report = Report.create();
        directory = null;
        passed.set(0);
        failed.set(0);
        skipped.set(0);
    }

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        if (identifier.isTest()) {
            skipped.incrementAndGet();
            return;
        }
        TestPlan current = plan;
        long tests = current == null ? 0 : current.getDescendants(identifier).stream().filter(TestIdentifier::isTest).count();
        skipped.addAndGet(Math.max(1, tests));
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        TestExecutionResult.Status status = result.getStatus();
        if (identifier.isTest()) {
            (status == TestExecutionResult.Status.SUCCESSFUL ? passed
                    : status == TestExecutionResult.Status.ABORTED ? skipped : failed).incrementAndGet();
        } else if (status == TestExecutionResult.Status.FAILED) {
            failed.incrementAndGet();
        } else if (status == TestExecutionResult.Status.ABORTED && isClass(identifier.getSource())) {
            skipped.incrementAndGet();
        }
    }

    /** The totals so far. */
    Report.Totals totals() {
        return new Report.Totals(passed.get(), failed.get(), skipped.get());
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Path target = directory != null ? directory : hasMigrationTests(testPlan) ? directoryOf(testPlan) : null;
        if (target == null) {
            return; // no Migratest class in this run: its report, if any, is not this run's to replace
        }
        try {
            report.write(target, totals());
        } catch (MigratestException e) {
            System.err.println("Migratest could not write its report: " + e.getMessage());
        }
    }

    private Path directoryOf(TestPlan testPlan) {
        try {
            return Settings.from(key -> testPlan.getConfigurationParameters().get(key), withdrawnSecrets)
                    .get(Setting.REPORT_DIR);
        } catch (InvalidSettingException e) {
            return null; // the tests failed with this message already
        }
    }

    private static boolean hasMigrationTests(TestPlan testPlan) {
        return testPlan.getRoots().stream().flatMap(root -> testPlan.getDescendants(root).stream())
                .map(TestIdentifier::getSource).filter(RunTally::isClass)
                .anyMatch(source -> isMigrationTest((ClassSource) source.orElseThrow()));
    }

    private static boolean isMigrationTest(ClassSource source) {
        try {
            for (Class<?> type = source.getJavaClass(); type != null; type = type.getEnclosingClass()) {
                if (AnnotationSupport.isAnnotated(type, MigrationTest.class)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException | LinkageError e) {
            return false; // a class that does not load is not ours to judge
        }
    }

    private static boolean isClass(Optional<TestSource> source) {
        return source.filter(ClassSource.class::isInstance).isPresent();
    }
}
