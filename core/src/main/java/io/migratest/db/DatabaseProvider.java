package io.migratest.db;

/**
 * Starts database servers. Implementations are found with {@link java.util.ServiceLoader}
 * under {@code META-INF/services/io.migratest.db.DatabaseProvider}.
 */
public interface DatabaseProvider {

    /** The name users select this provider by, e.g. {@code embedded}, {@code container}. */
    String name();

    /** Whether this provider can start a server of the given engine at all. */
    boolean supports(Engine engine);

    /**
     * Why this provider cannot start {@code engine} here and now (no Docker, no URL
     * configured), or {@code null} when it can. Must be cheap and must not start anything.
     */
    String unavailableReason(Engine engine, Settings settings);

    /**
     * As {@link #unavailableReason(Engine, Settings)}, remembering costly answers in the run's
     * {@code memo}. Default: asks afresh.
     */
    default String unavailableReason(Engine engine, Settings settings, RunMemo memo) {
        return unavailableReason(engine, settings);
    }

    /**
     * Starts (or connects to) a server of {@code engine}.
     *
     * @throws DatabaseUnavailableException when the server cannot be had
     */
    DatabaseServer start(Engine engine, Settings settings);

    /**
     * As {@link #start(Engine, Settings)}, using the answers the run's {@code memo} holds.
     * Default: ignores the memo.
     *
     * @throws DatabaseUnavailableException when the server cannot be had
     */
    default DatabaseServer start(Engine engine, Settings settings, RunMemo memo) {
        return start(engine, settings);
    }
}
