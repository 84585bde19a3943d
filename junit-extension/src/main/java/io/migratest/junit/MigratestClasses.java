package io.migratest.junit;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;

/**
 * Which test classes the {@link MigratestEngine} runs instead of JUnit Jupiter's own engine, and
 * which of them it took in the launcher discovery under way on this thread.
 *
 * <p>A top-level test class (a static member class is one too) is Migratest's when
 * {@link MigratestExtension} is among the extensions JUnit registers for it through
 * {@code @ExtendWith} ({@link MigrationTest} and any annotation built on it), on the class, a
 * superclass or an interface, or for one of its {@link Nested} classes: a test class and its
 * nested classes always run in one engine.
 */
final class MigratestClasses {

    /**
     * Per thread, the launcher discoveries under way (a suite engine discovers inside another
     * discovery), innermost first, each with the top-level classes the Migratest engine took in it.
     */
    private static final ThreadLocal<Deque<Set<String>>> DISCOVERIES = new ThreadLocal<>();

    /**
     * What the engine took when it discovered outside a launcher discovery that
     * {@link MigratestEngineFilter} hears of (a launcher without auto-registered discovery
     * listeners); replaced by each such discovery, dropped when a heard-of one starts or ends.
     */
    private static final ThreadLocal<Set<String>> UNHEARD = new ThreadLocal<>();

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

    static void discoveryStarted() {
        UNHEARD.remove();
        Deque<Set<String>> discoveries = DISCOVERIES.get();
        if (discoveries == null) {
            discoveries = new ArrayDeque<>();
            DISCOVERIES.set(discoveries);
        }
        discoveries.push(new LinkedHashSet<>());
    }

    static void discoveryFinished() {
        UNHEARD.remove();
        Deque<Set<String>> discoveries = DISCOVERIES.get();
        if (discoveries != null && !discoveries.isEmpty()) {
            discoveries.pop();
        }
        if (discoveries != null && discoveries.isEmpty()) {
            DISCOVERIES.remove();
        }
    }

    /** Records the classes the engine took in the discovery under way on this thread. */
    static void taken(Set<String> classNames) {
        Optional<Set<String>> current = current();
        if (current.isPresent()) {
            current.get().addAll(classNames);
        } else {
            UNHEARD.set(Set.copyOf(classNames));
        }
    }

    /**
     * The classes the engine took in the discovery under way on this thread; empty if it took
     * none or took no part (left out by an engine filter, switched off), so that Jupiter keeps all.
     */
    static Optional<Set<String>> taken() {
        Set<String> taken = current().orElseGet(() -> UNHEARD.get());
        return taken == null || taken.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(taken));
    }

    private static Optional<Set<String>> current() {
        Deque<Set<String>> discoveries = DISCOVERIES.get();
        return discoveries == null ? Optional.empty() : Optional.ofNullable(discoveries.peek());
    }
}
