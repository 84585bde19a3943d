package io.migratest.junit;

import io.migratest.db.InvalidSettingException;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.DiscoveryFilter;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryListener;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.SelectorResolutionResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * The JUnit Platform engine {@code migratest}: JUnit Jupiter under another id, running the
 * migration test classes ({@link MigratestClasses}) and nothing else, so that Surefire's XML and
 * console name every test method's run by its engine ({@link LegacyNames}), which Jupiter's own
 * engine cannot do. The test classes, extensions, configuration parameters, parallel execution
 * and the launcher session's store are Jupiter's as they would be; only the unique ids start
 * with {@code [engine:migratest]}, which is also how an IDE re-runs one of these tests.
 * {@link MigratestEngineFilter} takes the same classes out of Jupiter's own engine, so nothing
 * runs twice.
 *
 * <p>With {@code migratest.junit.engine=false} it discovers nothing and Jupiter runs everything.
 * Found by {@link java.util.ServiceLoader}; public only for that, not API.
 */
public final class MigratestEngine implements TestEngine {

    /** The engine's id, the first segment of its tests' unique ids. */
    public static final String ID = "migratest";

    private final JupiterTestEngine jupiter = new JupiterTestEngine();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("io.migratest");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("migratest-junit");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        if (uniqueId.getSegments().size() > 1 || !enabled(request)) {
            // Under a suite (the suite engine's own discovery applies no auto-registered filter,
            // so Jupiter would run the classes too), or switched off: Jupiter runs them.
            return new EngineDescriptor(uniqueId, "Migratest");
        }
        TestDescriptor jupiterRoot = jupiter.discover(new OwnIssues(request), uniqueId);
        Set<String> taken = new LinkedHashSet<>();
        for (TestDescriptor child : new LinkedHashSet<>(jupiterRoot.getChildren())) {
            Optional<String> type = MigratestClasses.className(child);
            Optional<Class<?>> javaClass = child.getSource().filter(ClassSource.class::isInstance)
                    .map(source -> ((ClassSource) source).getJavaClass());
            if (type.isPresent() && javaClass.isPresent() && MigratestClasses.isMigratest(javaClass.get())) {
                taken.add(type.get());
            } else {
                child.removeFromHierarchy();
            }
        }
        MigratestClasses.taken(taken);
        return new Root(jupiterRoot);
    }

    @Override
    public void execute(ExecutionRequest request) {
        TestDescriptor root = request.getRootTestDescriptor();
        if (!(root instanceof Root jupiterRun)) {
            request.getEngineExecutionListener().executionStarted(root);
            request.getEngineExecutionListener().executionFinished(root, TestExecutionResult.successful());
            return;
        }
        // The five-argument create is marked internal (JUnit 1.13), but only it carries the request's
        // store, through which Jupiter reaches the launcher session's store that Migratest's
        // extension reads; the public constructor has none, and Jupiter then fails.
        jupiter.execute(ExecutionRequest.create(jupiterRun.jupiterRoot, new LegacyNames(request.getEngineExecutionListener()),
                request.getConfigurationParameters(), request.getOutputDirectoryCreator(), request.getStore()));
    }

    /**
     * {@code migratest.junit.engine}, as the test run sees it (system property, environment, JUnit
     * configuration parameter). A run whose settings do not parse keeps the engine: its tests fail
     * with the setting's message, as they do in Jupiter.
     */
    private static boolean enabled(EngineDiscoveryRequest request) {
        try {
            return Settings.from(key -> request.getConfigurationParameters().get(key)).get(Setting.JUNIT_ENGINE);
        } catch (InvalidSettingException e) {
            return true;
        }
    }

    /**
     * The launcher's request, whose discovery listener hears of the discovery issues (a test
     * method that returns a value, ...) in migration test classes only: Jupiter's own engine,
     * which discovers every class as well, reports those of the others, once.
     */
    private record OwnIssues(EngineDiscoveryRequest request) implements EngineDiscoveryRequest {

        @Override
        public <T extends DiscoverySelector> List<T> getSelectorsByType(Class<T> selectorType) {
            return request.getSelectorsByType(selectorType);
        }

        @Override
        public <T extends DiscoveryFilter<?>> List<T> getFiltersByType(Class<T> filterType) {
            return request.getFiltersByType(filterType);
        }

        @Override
        public ConfigurationParameters getConfigurationParameters() {
            return request.getConfigurationParameters();
        }

        @Override
        public OutputDirectoryCreator getOutputDirectoryCreator() {
            return request.getOutputDirectoryCreator();
        }

        @Override
        public EngineDiscoveryListener getDiscoveryListener() {
            EngineDiscoveryListener listener = request.getDiscoveryListener();
            return new EngineDiscoveryListener() {
                @Override
                public void selectorProcessed(UniqueId engineId, DiscoverySelector selector,
                        SelectorResolutionResult result) {
                    listener.selectorProcessed(engineId, selector, result);
                }

                @Override
                public void issueEncountered(UniqueId engineId, DiscoveryIssue issue) {
                    if (issue.source().flatMap(OwnIssues::javaClass).filter(OwnIssues::inMigrationTest).isPresent()) {
                        listener.issueEncountered(engineId, issue);
                    }
                }
            };
        }

        private static Optional<Class<?>> javaClass(TestSource source) {
            try {
                if (source instanceof ClassSource type) {
                    return Optional.of(type.getJavaClass());
                }
                if (source instanceof MethodSource method) {
                    return Optional.of(method.getJavaClass());
                }
            } catch (RuntimeException | LinkageError e) {
                // a class that does not load is Jupiter's to report
            }
            return Optional.empty();
        }

        private static boolean inMigrationTest(Class<?> type) {
            return MigratestClasses.isMigratest(MigratestClasses.topLevel(type));
        }
    }

    /**
     * Jupiter's root under the name "Migratest" (it calls itself "JUnit Jupiter", which an IDE
     * shows twice when it lists engines). The children are Jupiter's: their parent is Jupiter's
     * root, which has this unique id too, so the launcher's plan is one tree.
     */
    private static final class Root implements TestDescriptor {

        private final TestDescriptor jupiterRoot;

        Root(TestDescriptor jupiterRoot) {
            this.jupiterRoot = jupiterRoot;
        }

        @Override
        public UniqueId getUniqueId() {
            return jupiterRoot.getUniqueId();
        }

        @Override
        public String getDisplayName() {
            return "Migratest";
        }

        @Override
        public Set<TestTag> getTags() {
            return jupiterRoot.getTags();
        }

        @Override
        public Optional<TestSource> getSource() {
            return jupiterRoot.getSource();
        }

        @Override
        public Optional<TestDescriptor> getParent() {
            return Optional.empty();
        }

        @Override
        public void setParent(TestDescriptor parent) {
            throw new UnsupportedOperationException("an engine's root has no parent");
        }

        @Override
        public Set<? extends TestDescriptor> getChildren() {
            return jupiterRoot.getChildren();
        }

        @Override
        public void addChild(TestDescriptor child) {
            jupiterRoot.addChild(child);
        }

        @Override
        public void removeChild(TestDescriptor child) {
            jupiterRoot.removeChild(child);
        }

        @Override
        public void removeFromHierarchy() {
            throw new UnsupportedOperationException("an engine's root cannot be removed");
        }

        @Override
        public Type getType() {
            return Type.CONTAINER;
        }

        @Override
        public Optional<? extends TestDescriptor> findByUniqueId(UniqueId uniqueId) {
            return uniqueId.equals(getUniqueId()) ? Optional.of(this) : jupiterRoot.findByUniqueId(uniqueId);
        }
    }
}
