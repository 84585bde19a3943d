package io.migratest.junit;

import io.migratest.check.Check;
import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.ChecksPass;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.JdbiSettings;
import io.migratest.report.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/** Turns check steps into dynamic tests, and a test class's annotations into check options. */
final class CheckTests {

    private CheckTests() {
    }

    /**
     * Gives the check factories of one test class on one engine the same {@link ChecksPass},
     * kept in the store of the class's run on that engine (the parent of each factory), so the
     * pass is made once and dropped with that run.
     */
    static final class SharedPass implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == ChecksPass.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            ExtensionContext run = context.getTestMethod().isPresent() ? context.getParent().orElse(context) : context;
            return run.getStore(NAMESPACE).getOrComputeIfAbsent(ChecksPass.class.getName() + ":"
                    + context.getRequiredTestClass().getName(), k -> ChecksPass.create(), ChecksPass.class);
        }
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CheckTests.class);

    /**
     * The steps as dynamic tests, each name ending in {@code [ENGINE]} of {@code database}: Surefire
     * and other XML reporters name a dynamic test by its display name alone, so the engine shows in
     * every CI report viewer, not only under the engine's run in an IDE tree. A step that hands back
     * a verdict kept from an earlier run says {@code (reused)} before the engine: it passed, but not now.
     */
    static Stream<DynamicTest> of(List<CheckStep> steps, TestDatabase database) {
        String suffix = " [" + database.engine() + "]";
        return steps.stream().map(step -> {
            String name = nameOf(step) + suffix;
            // as reports show it, the check's name first (EngineNames adds it to the display name)
            String shown = step.check() + " · " + name;
            return DynamicTest.dynamicTest(name, () -> {
                CheckResult result;
                try {
                    result = step.run();
                } catch (TestAbortedException e) {
                    throw e;
                } catch (RuntimeException | Error e) {
                    keptOnFailure(database, shown);
                    throw e;
                }
                // "Not verified" is not a pass: it shows as skipped (aborted), and fails with migratest.checks.failOnNotVerified.
                if (result.status() == Outcome.Status.SKIPPED || result.notVerified()) {
                    throw new TestAbortedException(result.fullMessage());
                }
                if (result.failed()) {
                    keptOnFailure(database, shown);
                }
                result.orFail();
                // a pass with a finding (writes in the tables' previous shape refused) says so in the
                // test's output, which Surefire keeps with the test case, not only in report.md
                if (result.measurements().getOrDefault("oldShapeRefused", 0L) > 0) {
                    System.out.println("Migratest: " + shown + " passed with a finding: " + result.message());
                }
            });
        });
    }

    /**
     * A failed step is a failed test of its own (its factory does not fail), so its database is
     * kept here when the run asks ({@code migratest.keepFailedDatabases}): the checks' one
     * database of the class and engine, which the shared pass ran on.
     */
    private static void keptOnFailure(TestDatabase database, String test) {
        MigratestExtension.keepFailed(database, test, settings(database));
    }

    private static String nameOf(CheckStep step) {
        return step.reused() ? step.displayName() + " (reused)" : step.displayName();
    }

    /**
     * The options of {@code test}'s checks on {@code database}: the run's settings (JUnit
     * configuration parameters included, which {@link CheckOptions#defaults()} cannot see) unless
     * the test overrides {@link MigrationChecks#checkOptions()}; the run's
     * {@code migratest.checks.skip} applies either way; then the class's annotations.
     */
    static CheckOptions options(MigrationChecks test, TestDatabase database) {
        Settings settings = settings(database);
        CheckOptions base = overridesOptions(test) ? test.checkOptions() : CheckOptions.builder(settings).build();
        return options(test.getClass(), base, settings);
    }

    /** The run's settings, JUnit configuration parameters included. */
    static Settings settings(TestDatabase database) {
        return database == null ? Settings.fromEnvironment() : JdbiSettings.of(database.jdbi());
    }

    /**
     * {@code base} with the run's {@code migratest.checks.skip} and the annotations of
     * {@code testClass} and its enclosing classes added.
     */
    static CheckOptions options(Class<?> testClass, CheckOptions base, Settings settings) {
        CheckOptions.Builder builder = base.toBuilder();
        Set<String> skip = settings.get(Setting.CHECKS_SKIP);
        for (String key : skip) {
            Check.ofKey(key).ifPresent(check -> builder.switchOff(check, "switched off by the setting "
                    + Setting.CHECKS_SKIP.key() + "=" + String.join(",", skip)));
        }
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            classes.add(type);
        }
        for (Class<?> type : classes) {
            for (AllowDataLoss allowance : AnnotationSupport.findRepeatableAnnotations(type, AllowDataLoss.class)) {
                if (allowance.version().isBlank()) {
                    throw new ExtensionConfigurationException("@AllowDataLoss on " + type.getName()
                            + " names no version => give the migration version, e.g. @AllowDataLoss(version = \"7\")");
                }
                builder.allowDataLoss(allowance.version(), allowance.table());
            }
        }
        for (Class<?> type : classes) {
            var budget = AnnotationSupport.findAnnotation(type, LockBudget.class);
            if (budget.isPresent()) {
                if (budget.get().millis() <= 0) {
                    throw new ExtensionConfigurationException("@LockBudget(millis = " + budget.get().millis() + ") on "
                            + type.getName() + " must be positive => give the longest wait in milliseconds, e.g. 200");
                }
                builder.lockBudgetMillis(budget.get().millis());
                break;
            }
        }
        annotationsOnChecks(classes, builder);
        return builder.build();
    }

    private static boolean overridesOptions(MigrationChecks test) {
        try {
            return test.getClass().getMethod("checkOptions").getDeclaringClass() != MigrationChecks.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("MigrationChecks declares checkOptions()", e);
        }
    }

    /** {@link AllowGaps} and {@link SkipChecks}, the nearest class first. */
    private static void annotationsOnChecks(List<Class<?>> classes, CheckOptions.Builder builder) {
        for (Class<?> type : classes) {
            var gaps = AnnotationSupport.findAnnotation(type, AllowGaps.class);
            if (gaps.isPresent()) {
                if (gaps.get().value().length == 0 && !gaps.get().any()) {
                    throw new ExtensionConfigurationException("@AllowGaps on " + type.getName() + " allows nothing"
                            + " => name the missing versions, e.g. @AllowGaps(\"3\"), or @AllowGaps(any = true)");
                }
                builder.allowGaps(gaps.get().value());
                if (gaps.get().any()) {
                    builder.allowAnyGap(true);
                }
                break;
            }
        }
        for (Class<?> type : classes) {
            var skip = AnnotationSupport.findAnnotation(type, SkipChecks.class);
            if (skip.isPresent()) {
                if (skip.get().value().length == 0) {
                    throw new ExtensionConfigurationException("@SkipChecks on " + type.getName() + " names no check"
                            + " => name them, e.g. @SkipChecks(Check.LOCK_REHEARSAL)");
                }
                String why = skip.get().reason().isBlank() ? "" : ": " + skip.get().reason();
                for (Check check : skip.get().value()) {
                    builder.switchOff(check, "switched off by @SkipChecks on " + type.getSimpleName() + why);
                }
                break;
            }
        }
    }
}
