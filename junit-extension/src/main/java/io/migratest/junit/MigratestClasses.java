package io.migratest.junit;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;

/**
 * Which test classes the {@link MigratestEngine} runs instead of JUnit Jupiter's own engine, and
 * which of them it took in the discovery under way on this thread.
 *
 * <p>A top-level test class (a static member class is one too) is Migratest's when
 * {@link MigratestExtension} is among the extensions JUnit registers for it through
 * {@code @ExtendWith} ({@link MigrationTest} and any annotation built on it), on the class, a
 * superclass or an interface, or for one of its {@link Nested} classes: a test class and its
 * nested classes always run in one engine.
 */
final class MigratestClasses {

    /**
     * The top-level classes the Migratest engine kept in the launcher discovery under way on this
     * thread; unset outside one, or when the engine did not take part in it (an engine filter left
     * it out), so that Jupiter then keeps every class.
     */
    private static final ThreadLocal<Set<String>> TAKEN = new ThreadLocal<>();

    private MigratestClasses() {
    }

    /** Whether the tree of the top-level class {@code type} belongs to the Migratest engine. */
    static boolean isMigratest(Class<?> type) {
        try {
            if (registersExtension(type)) {
                return true;
            }
            return Arrays.stream(type.getDeclaredClasses())
                    .filter(inner -> AnnotationSupport.isAnnotated(inner, Nested.class))
                    .anyMatch(MigratestClasses::isMigratest);
        } catch (RuntimeException | LinkageError e) {
            return false; // a class that does not load stays Jupiter's, which reports why
        }
    }

    private static boolean registersExtension(Class<?> type) {
        return AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class).stream()
                .flatMap(extendWith -> Arrays.stream(extendWith.value()))
                .anyMatch(MigratestExtension.class::equals);
    }

    /**
     * The top-level test class of {@code type}: itself, or for a {@link Nested} class the class it
     * is nested in, as far up as they go. A static member class is a test class of its own.
     */
    static Class<?> topLevel(Class<?> type) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null && AnnotationSupport.isAnnotated(top, Nested.class)) {
            top = top.getEnclosingClass();
        }
        return top;
    }

    /** The class of a class-level descriptor (a child of an engine's root), if it is one. */
    static Optional<String> className(TestDescriptor descriptor) {
        return descriptor.getSource().filter(ClassSource.class::isInstance)
                .map(source -> ((ClassSource) source).getClassName());
    }

    /** The top-level class descriptor {@code descriptor} belongs to: itself or an ancestor, a child of the root. */
    static Optional<TestDescriptor> topLevelDescriptor(TestDescriptor descriptor) {
        TestDescriptor node = descriptor;
        while (node.getParent().isPresent()) {
            TestDescriptor parent = node.getParent().get();
            if (parent.isRoot()) {
                return Optional.of(node);
            }
            node = parent;
        }
        return Optional.empty(); // the root itself
    }

    static void taken(Set<String> classNames) {
        TAKEN.set(Set.copyOf(classNames));
    }

    static Optional<Set<String>> taken() {
        return Optional.ofNullable(TAKEN.get());
    }

    static void forget() {
        TAKEN.remove();
    }
}
