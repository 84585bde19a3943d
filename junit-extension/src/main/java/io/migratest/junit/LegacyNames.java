package io.migratest.junit;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * Puts the engine of a class run into JUnit's legacy reporting name of each test method it runs,
 * which is what Surefire (and JUnit's legacy XML report) names such a test by.
 *
 * <p>Jupiter names a method run by its class's {@code n}-th class-template invocation
 * {@code method(Params)[n]} (a parameterized or repeated one {@code method(Params)[n][m]}), and the
 * launcher takes that name from the descriptor Jupiter hands its listener when the invocation
 * registers its tests. This listener hands the launcher, instead, a view of the same descriptor
 * whose legacy name has the invocation's display name, the engine, before the indexes:
 * {@code method(Params) [POSTGRES][n]}. The indexes stay last: Surefire 3.6.0 treats a name ending
 * in {@code [n]} as one run of many and writes it whole, and appends the class run's index to a
 * name that lacks it. Every other event, and every other descriptor, passes unchanged.
 */
final class LegacyNames implements EngineExecutionListener {

    private static final String CLASS_RUN = "class-template-invocation";
    private static final Pattern INDEXES = Pattern.compile("(\\[\\d+])+$");

    private final EngineExecutionListener delegate;

    LegacyNames(EngineExecutionListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void dynamicTestRegistered(TestDescriptor descriptor) {
        delegate.dynamicTestRegistered(withEngine(descriptor));
    }

    @Override
    public void executionSkipped(TestDescriptor descriptor, String reason) {
        delegate.executionSkipped(descriptor, reason);
    }

    @Override
    public void executionStarted(TestDescriptor descriptor) {
        delegate.executionStarted(descriptor);
    }

    @Override
    public void executionFinished(TestDescriptor descriptor, TestExecutionResult result) {
        delegate.executionFinished(descriptor, result);
    }

    @Override
    public void reportingEntryPublished(TestDescriptor descriptor, ReportEntry entry) {
        delegate.reportingEntryPublished(descriptor, entry);
    }

    @Override
    public void fileEntryPublished(TestDescriptor descriptor, FileEntry file) {
        delegate.fileEntryPublished(descriptor, file);
    }

    /** {@code descriptor}, or a view of it with the engine in its legacy name if it is a method run of a class run. */
    static TestDescriptor withEngine(TestDescriptor descriptor) {
        if (descriptor.getSource().filter(MethodSource.class::isInstance).isEmpty()) {
            return descriptor; // Surefire names these by their display name, which EngineNames sets
        }
        Optional<String> engine = classRun(descriptor).map(run -> tag(run.getDisplayName()));
        if (engine.isEmpty()) {
            return descriptor;
        }
        String name = legacyName(descriptor.getLegacyReportingName(), engine.get());
        return name.equals(descriptor.getLegacyReportingName()) ? descriptor : new Renamed(descriptor, name);
    }

    /** {@code "migrates(Migrator)[1]"} with {@code "[POSTGRES]"}: {@code "migrates(Migrator) [POSTGRES][1]"}. */
    static String legacyName(String legacy, String engine) {
        Matcher indexes = INDEXES.matcher(legacy);
        String base = indexes.find() ? legacy.substring(0, indexes.start()) : legacy;
        if (base.endsWith(engine)) {
            return legacy;
        }
        return base + " " + engine + legacy.substring(base.length());
    }

    /** The class run (one engine's run of a {@link MigrationTest} class) {@code descriptor} is in. */
    private static Optional<TestDescriptor> classRun(TestDescriptor descriptor) {
        Optional<? extends TestDescriptor> node = descriptor.getParent();
        while (node.isPresent()) {
            TestDescriptor current = node.get();
            if (isClassRun(current.getUniqueId())) {
                return Optional.of(current);
            }
            node = current.getParent();
        }
        return Optional.empty();
    }

    private static boolean isClassRun(UniqueId id) {
        return id.getLastSegment().getType().equals(CLASS_RUN);
    }

    /** A class run's display name is the engine in brackets ({@code [POSTGRES]}); anything else gets them. */
    private static String tag(String displayName) {
        return displayName.startsWith("[") && displayName.endsWith("]") ? displayName : "[" + displayName + "]";
    }

    /**
     * The launcher's view of a Jupiter descriptor, with another legacy name; everything else is
     * the descriptor's own, so the launcher's later events for the descriptor (looked up by unique
     * id) and anything that walks the tree see Jupiter's.
     */
    private static final class Renamed implements TestDescriptor {

        private final TestDescriptor descriptor;
        private final String legacyName;

        Renamed(TestDescriptor descriptor, String legacyName) {
            this.descriptor = descriptor;
            this.legacyName = legacyName;
        }

        @Override
        public String getLegacyReportingName() {
            return legacyName;
        }

        @Override
        public UniqueId getUniqueId() {
            return descriptor.getUniqueId();
        }

        @Override
        public String getDisplayName() {
            return descriptor.getDisplayName();
        }

        @Override
        public Set<TestTag> getTags() {
            return descriptor.getTags();
        }

        @Override
        public Optional<TestSource> getSource() {
            return descriptor.getSource();
        }

        @Override
        public Optional<TestDescriptor> getParent() {
            return descriptor.getParent();
        }

        @Override
        public void setParent(TestDescriptor parent) {
            descriptor.setParent(parent);
        }

        @Override
        public Set<? extends TestDescriptor> getChildren() {
            return descriptor.getChildren();
        }

        @Override
        public void addChild(TestDescriptor child) {
            descriptor.addChild(child);
        }

        @Override
        public void removeChild(TestDescriptor child) {
            descriptor.removeChild(child);
        }

        @Override
        public void removeFromHierarchy() {
            descriptor.removeFromHierarchy();
        }

        @Override
        public Type getType() {
            return descriptor.getType();
        }

        @Override
        public boolean mayRegisterTests() {
            return descriptor.mayRegisterTests();
        }

        @Override
        public Optional<? extends TestDescriptor> findByUniqueId(UniqueId uniqueId) {
            return descriptor.findByUniqueId(uniqueId);
        }

        @Override
        public String toString() {
            return descriptor + " as " + legacyName;
        }
    }
}
