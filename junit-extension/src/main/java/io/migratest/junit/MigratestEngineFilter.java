package io.migratest.junit;

import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Takes the classes that the {@link MigratestEngine} runs out of JUnit Jupiter's own engine
 * ({@code junit-jupiter}), so that each runs once. Only those the Migratest engine took in the
 * same discovery: where it did not take part (an engine filter, {@code migratest.junit.engine=false})
 * or did not find a class (a re-run selected by a {@code [engine:junit-jupiter]} unique id),
 * Jupiter keeps it.
 *
 * <p>The launcher discovers with every engine first, then applies its post-discovery filters,
 * on one thread; as a discovery listener this opens, at the start of every discovery, the record
 * of what the engine takes in it, and closes it at the end, so that no discovery reads another's. Found by {@link java.util.ServiceLoader}
 * (both as a filter and as a listener); public only for that, not API.
 */
public final class MigratestEngineFilter implements PostDiscoveryFilter, LauncherDiscoveryListener {

    private static final String JUPITER = "junit-jupiter";

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (!descriptor.getUniqueId().getEngineId().filter(JUPITER::equals).isPresent()) {
            return FilterResult.included("not in " + JUPITER);
        }
        Optional<Set<String>> taken = MigratestClasses.taken();
        Optional<String> type = MigratestClasses.topLevelDescriptor(descriptor).flatMap(MigratestClasses::className);
        if (taken.isPresent() && type.isPresent() && taken.get().contains(type.get())) {
            return FilterResult.excluded("run by JUnit engine '" + MigratestEngine.ID + "'");
        }
        return FilterResult.included("not a migration test class");
    }

    @Override
    public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
        MigratestClasses.discoveryStarted();
    }

    @Override
    public void launcherDiscoveryFinished(LauncherDiscoveryRequest request) {
        MigratestClasses.discoveryFinished();
    }
}
