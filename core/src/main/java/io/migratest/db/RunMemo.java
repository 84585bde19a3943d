package io.migratest.db;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers that hold for one test run and cost seconds to get: whether a configured server
 * answers, whether Docker can provide an image. A run makes one ({@link #create()}) and hands it
 * to {@link DatabaseProviders#choose(Engine, String, Settings, RunMemo)} and
 * {@link DatabaseProvider#start(Engine, Settings, RunMemo)}, so an unavailable server costs its
 * probe's bound once per run rather than once per test; the JUnit extension keeps the run's memo
 * in the root context's store. Nothing is remembered across runs (no static state), and a caller
 * that passes no memo asks afresh each time.
 */
public final class RunMemo {

    private final Map<Object, Optional<String>> reasons = new ConcurrentHashMap<>();

    private RunMemo() {
    }

    /** A new, empty memo for one run. */
    public static RunMemo create() {
        return new RunMemo();
    }

    /**
     * The answer remembered for {@code key}, else {@code ask}'s, remembered: why something is not
     * available, or {@code null} when it is. {@code key} must say everything the answer depends
     * on (a record of the URL, user, password and bounds, say) and never print a secret.
     */
    public String reason(Object key, Supplier<String> ask) {
        return reasons.computeIfAbsent(key, k -> Optional.ofNullable(ask.get())).orElse(null);
    }

    @Override
    public String toString() {
        return "RunMemo(" + reasons.size() + " answers)";
    }
}
