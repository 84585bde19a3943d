package io.migratest.junit;

import io.migratest.check.Check;
import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.report.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/** Turns check steps into dynamic tests, and a test class's annotations into check options. */
final class CheckTests {

    private CheckTests() {
    }

    static Stream<DynamicTest> of(List<CheckStep> steps) {
        return steps.stream().map(step -> DynamicTest.dynamicTest(step.displayName(), () -> {
            CheckResult result = step.run();
            // "Not verified" is not a pass: it shows as skipped (aborted), and fails with migratest.checks.failOnNotVerified.
            if (result.status() == Outcome.Status.SKIPPED || result.notVerified()) {
                throw new TestAbortedException(result.fullMessage());
            }
            result.orFail();
        }));
    }

    static CheckOptions options(MigrationChecks test) {
        return options(test.getClass(), test.checkOptions());
    }

    /** {@code base} with the annotations of {@code testClass} and its enclosing classes added. */
    static CheckOptions options(Class<?> testClass, CheckOptions base) {
        CheckOptions.Builder builder = base.toBuilder();
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
