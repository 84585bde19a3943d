package io.migratest.junit;

import io.migratest.db.DatabaseUnavailableException;
import java.lang.reflect.Method;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Keeps a {@code @TestFactory} (the built-in checks among them) visible when its engine cannot
 * run: instead of an aborted factory, which reports as zero tests in Surefire and so looks green,
 * the factory yields one dynamic test that is skipped (or, with {@code migratest.requireEngines},
 * failed) with the reason.
 */
final class UnavailableEngineFactories implements InvocationInterceptor {

    private static final Namespace NAMESPACE = Namespace.create(UnavailableEngineFactories.class);
    private static final String REASON = "reason";

    /**
     * Remembers why this test's engine cannot run, when the test is a factory; returns whether it
     * did, so the caller lets the factory run instead of aborting it.
     */
    static boolean defer(ExtensionContext context, RuntimeException reason) {
        boolean factory = context.getTestMethod()
                .filter(method -> AnnotationSupport.isAnnotated(method, TestFactory.class)).isPresent();
        boolean unavailable = reason instanceof TestAbortedException || reason instanceof DatabaseUnavailableException;
        if (factory && unavailable) {
            context.getStore(NAMESPACE).put(REASON, reason);
        }
        return factory && unavailable;
    }

    /** Whether this test is a factory whose engine cannot run (its parameters then stay empty). */
    static boolean deferred(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(REASON, RuntimeException.class) != null;
    }

    /** Why this factory's engine cannot run, or {@code null}. */
    static RuntimeException reason(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(REASON, RuntimeException.class);
    }

    @Override
    @SuppressWarnings("unchecked") // JUnit accepts a Stream of dynamic tests from any factory.
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        RuntimeException reason = context.getStore(NAMESPACE).get(REASON, RuntimeException.class);
        if (reason == null) {
            return invocation.proceed();
        }
        invocation.skip();
        // EngineNames adds the factory and the engine: "undo round trip · not run [POSTGRES]".
        return (T) Stream.of(DynamicTest.dynamicTest("not run", () -> {
            throw reason;
        }));
    }
}
