package io.migratest.junit;

import io.migratest.db.Settings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.StoreScope;
import org.junit.platform.engine.support.store.Namespace;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * What Migratest sets up once per launcher session (a Surefire fork, an IDE run), before any test
 * class starts, found by {@link java.util.ServiceLoader}:
 * <ul>
 *   <li>passwords given as system properties ({@code -Dmigratest.postgres.password=...}) are taken
 *       out of the system properties and kept in the session's store: Surefire copies every system
 *       property into {@code TEST-*.xml} when a test class ends, so they are gone by then;</li>
 *   <li>a {@link RunTally} counts every test of the session, also those of classes that are not
 *       {@link MigrationTest}s, and writes the report with those totals at the end.</li>
 * </ul>
 * State lives in the session's store, which the extension reads through
 * {@link StoreScope#LAUNCHER_SESSION}; runs without a launcher session (JUnit's
 * {@code EngineTestKit}) find nothing there and fall back to reading system properties and
 * counting what was recorded.
 *
 * <p>Public only because {@link java.util.ServiceLoader} needs it to be; not API.
 */
public final class RunSession implements LauncherSessionListener {

    static final String NAMESPACE_PART = "io.migratest.junit.RunSession";
    private static final String SECRETS = "secrets";
    private static final String TALLY = "tally";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Namespace namespace = Namespace.create(NAMESPACE_PART);
        Secrets secrets = new Secrets(Settings.withdrawSecretSystemProperties());
        session.getStore().put(namespace, SECRETS, secrets);
        RunTally tally = new RunTally(secrets.values());
        session.getStore().put(namespace, TALLY, tally);
        session.getLauncher().registerTestExecutionListeners(tally);
    }

    /** The system properties this session withdrew (name to value); empty outside a launcher session. */
    static Map<String, String> withdrawnSecrets(ExtensionContext context) {
        Secrets secrets = sessionStore(context).get(SECRETS, Secrets.class);
        return secrets == null ? Map.of() : secrets.values();
    }

    /** The session's tally, if this run has a launcher session with Migratest's listener. */
    static Optional<RunTally> tally(ExtensionContext context) {
        return Optional.ofNullable(sessionStore(context).get(TALLY, RunTally.class));
    }

    private static ExtensionContext.Store sessionStore(ExtensionContext context) {
        return context.getStore(StoreScope.LAUNCHER_SESSION, ExtensionContext.Namespace.create(NAMESPACE_PART));
    }

    /** Never printed: {@code toString} names the settings only. */
    record Secrets(Map<String, String> values) {
        Secrets {
            values = Map.copyOf(values);
        }

        @Override
        public String toString() {
            return "Secrets" + values.keySet();
        }
    }
}
