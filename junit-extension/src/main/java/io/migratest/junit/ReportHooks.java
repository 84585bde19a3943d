package io.migratest.junit;

import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.report.Outcome;
import io.migratest.report.Report;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.api.callback.Callback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.opentest4j.TestAbortedException;

/**
 * Connects the run to its {@link Report}: one report per run, kept by the launcher session's
 * {@link RunTally}, which writes {@code report.md} and {@code report.json} with the totals of
 * every test at the end of the run (or, without a launcher session, kept in the root context's
 * store, which writes it when it is closed); each test gets the report's view in its own scope
 * (test class and engine), kept in the test's store and passed to whatever records into it.
 */
final class ReportHooks {

    private static final Namespace NAMESPACE = Namespace.create(ReportHooks.class);
    private static final String REPORT = "report";

    private ReportHooks() {
    }

    /** Gives this test the run's report in its scope; returns the Flyway callback that records its migrations. */
    static Callback testStarted(ExtensionContext context, Engine engine) {
        // The session's tally writes the report with the run's totals; without a launcher session
        // (EngineTestKit) the root store writes it when the engine is done, counting what was recorded.
        Report run = RunSession.tally(context).map(tally -> tally.report(directory(context))).orElseGet(() ->
                context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(ReportFile.class,
                        k -> new ReportFile(Report.create(), directory(context)), ReportFile.class).report());
        Report.Scope scope = new Report.Scope(context.getRequiredTestClass().getName(), engine.name());
        context.getStore(NAMESPACE).put(REPORT, run.in(scope));
        return run.migrationRecorder(scope);
    }

    /** The run's report in the scope of the running test, or {@code null} outside a test. */
    static Report report(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(REPORT, Report.class);
    }

    /** Records how an ordinary test ended. */
    static void testFinished(ExtensionContext context) {
        Report report = context.getStore(NAMESPACE).remove(REPORT, Report.class);
        if (report == null) {
            return;
        }
        Method method = context.getRequiredTestMethod();
        Throwable failure = context.getExecutionException().orElse(null);
        if (UnavailableEngineFactories.deferred(context)) {
            // The factory yields one stand-in test, skipped or failed like the engine's other tests.
            failure = UnavailableEngineFactories.reason(context);
        } else if (method.getDeclaringClass() == MigrationChecks.class) {
            return; // the checks record one outcome per step themselves
        }
        report.record(new Outcome("test", context.getDisplayName(), "", status(failure),
                failure == null ? "passed" : String.valueOf(failure.getMessage()), List.of(), null));
    }

    /** As Surefire counts it: an aborted test is skipped. */
    private static Outcome.Status status(Throwable failure) {
        if (failure == null) {
            return Outcome.Status.PASSED;
        }
        return failure instanceof TestAbortedException ? Outcome.Status.SKIPPED : Outcome.Status.FAILED;
    }

    private static Path directory(ExtensionContext context) {
        return MigratestExtension.settings(context).get(Setting.REPORT_DIR);
    }

    /** The run's report; the root store closes it once every test has run, which writes the files. */
    private record ReportFile(Report report, Path directory) implements AutoCloseable {
        @Override
        public void close() {
            report.write(directory);
        }
    }
}
