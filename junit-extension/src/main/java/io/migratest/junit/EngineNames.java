package io.migratest.junit;

import io.migratest.db.Engine;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Puts the engine where Surefire's reports show it, without any reporter configuration.
 *
 * <p>Surefire (3.6.0, default reporter) names a test that has a method as its source by JUnit's
 * legacy name, {@code method(Params)[invocation]}, whatever its display name says; Jupiter fixes
 * that name, and only {@link MigratestEngine} puts the {@code [POSTGRES]} of a class run into it
 * ({@link LegacyNames}). A test with another source is named by its display name. So:
 * <ul>
 *   <li>a {@code @TestFactory}'s dynamic tests (the built-in checks among them) are named
 *       {@code "<factory> · <test> [ENGINE]"}, as report.md joins them, and given a
 *       {@code migratest:} source, so the XML and the console name them by engine, and by check,
 *       since the factory's name is not in the report otherwise (an IDE then cannot jump from
 *       such a test to its factory; its stack trace still points at the code);</li>
 *   <li>a test or {@code @BeforeEach}/{@code @AfterEach} method that fails on an assertion or is
 *       skipped has {@code [ENGINE]} in front of its message, which Surefire writes beside the
 *       test's legacy name, so the engine shows also where Jupiter's own engine runs the class
 *       ({@code migratest.junit.engine=false}; other exceptions keep their type: Migratest's own
 *       name the engine).</li>
 * </ul>
 */
final class EngineNames implements InvocationInterceptor, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {

    private static final String SCHEME = "migratest";

    @Override
    @SuppressWarnings("unchecked") // JUnit accepts a Stream of dynamic nodes from any factory.
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        T nodes = invocation.proceed();
        Optional<Engine> engine = MigratestExtension.engine(context);
        Optional<Stream<DynamicNode>> stream = stream(nodes);
        if (engine.isEmpty() || stream.isEmpty()) {
            return nodes; // not under @MigrationTest, or something JUnit itself will reject
        }
        String factory = factoryName(context.getDisplayName(), call.getExecutable());
        URI source = source(context, call.getExecutable(), engine.get());
        return (T) stream.get().map(node -> named(node, factory, engine.get(), source));
    }

    /** The factory's display name, without the parameter list JUnit adds to an unnamed method. */
    private static String factoryName(String displayName, Method method) {
        return displayName.startsWith(method.getName() + "(") && displayName.endsWith(")") ? method.getName()
                : displayName;
    }

    /**
     * Where the dynamic tests come from, as a URI that is neither a class nor a method (either
     * would make Surefire name the test by its legacy name).
     */
    private static URI source(ExtensionContext context, Method factory, Engine engine) {
        try {
            return new URI(SCHEME, context.getRequiredTestClass().getName() + "/" + factory.getName() + "/" + engine,
                    null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a class and method name always make a URI", e);
        }
    }

    private static DynamicNode named(DynamicNode node, String prefix, Engine engine, URI source) {
        if (node instanceof DynamicContainer container) {
            String inner = prefix + " · " + container.getDisplayName();
            return DynamicContainer.dynamicContainer(container.getDisplayName(),
                    container.getTestSourceUri().orElse(source),
                    container.getChildren().map(child -> named(child, inner, engine, source)));
        }
        if (node instanceof DynamicTest test) {
            return DynamicTest.dynamicTest(testName(test.getDisplayName(), prefix, engine),
                    test.getTestSourceUri().orElse(source), test.getExecutable());
        }
        return node;
    }

    /** {@code "data survives · V2 Add price [POSTGRES]"}; parts the name has already are not repeated. */
    static String testName(String name, String prefix, Engine engine) {
        String tag = tag(engine);
        String withPrefix = name.startsWith(prefix) ? name : prefix + " · " + name;
        return withPrefix.endsWith(tag) ? withPrefix : withPrefix + " " + tag;
    }

    private static String tag(Engine engine) {
        return "[" + engine + "]";
    }

    /** What a factory may return, as JUnit reads it; empty for anything else. */
    @SuppressWarnings("unchecked") // a factory's elements are dynamic nodes, or JUnit fails it
    private static Optional<Stream<DynamicNode>> stream(Object nodes) {
        if (nodes instanceof DynamicNode node) {
            return Optional.of(Stream.of(node));
        }
        if (nodes instanceof Stream<?> stream) {
            return Optional.of((Stream<DynamicNode>) stream);
        }
        if (nodes instanceof Collection<?> collection) {
            return Optional.of((Stream<DynamicNode>) collection.stream());
        }
        if (nodes instanceof Iterable<?> iterable) {
            return Optional.of((Stream<DynamicNode>) StreamSupport.stream(iterable.spliterator(), false));
        }
        if (nodes instanceof Iterator<?> iterator) {
            return Optional.of((Stream<DynamicNode>) StreamSupport.stream(
                    Spliterators.spliteratorUnknownSize(iterator, 0), false));
        }
        if (nodes instanceof DynamicNode[] array) {
            return Optional.of(Arrays.stream(array));
        }
        return Optional.empty();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withEngine(context, failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withEngine(context, failure);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withEngine(context, failure);
    }

    private static Throwable withEngine(ExtensionContext context, Throwable failure) {
        return MigratestExtension.engine(context).map(engine -> withEngine(failure, engine)).orElse(failure);
    }

    /**
     * {@code failure} with {@code [ENGINE]} in front of its message, of the same kind (a failed
     * assertion, with its expected and actual values, or a skip) and thrown from the same line,
     * the original as its cause; any other exception as it is.
     */
    static Throwable withEngine(Throwable failure, Engine engine) {
        String message = failure.getMessage();
        if (message != null && message.startsWith(tag(engine))) {
            return failure;
        }
        String named = message == null ? tag(engine) : tag(engine) + " " + message;
        Throwable renamed;
        if (failure instanceof AssertionFailedError assertion && assertion.isExpectedDefined()
                && assertion.isActualDefined()) {
            renamed = new AssertionFailedError(named, assertion.getExpected(), assertion.getActual(), failure);
        } else if (failure instanceof AssertionError) {
            renamed = new AssertionFailedError(named, failure);
        } else if (failure instanceof TestAbortedException) {
            renamed = new TestAbortedException(named, failure);
        } else {
            return failure;
        }
        renamed.setStackTrace(failure.getStackTrace());
        return renamed;
    }
}
