package io.migratest.db;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says once per run (JVM) and setting that a secret given as a system property is not kept secret. */
final class SecretWarning {

    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private SecretWarning() {
    }

    /** Warns, the first time for {@code setting}; whether it did. */
    static boolean onSystemProperty(Setting<?> setting) {
        boolean first = WARNED.add(setting.key());
        if (first) {
            LOG.warn(message(setting));
        }
        return first;
    }

    static String message(Setting<?> setting) {
        return setting.key() + " is given as a system property (-D): Surefire writes every system property of the"
                + " test JVM, in plain text, into target/surefire-reports/TEST-*.xml => give it as the environment"
                + " variable " + setting.environmentName() + ", or put it in a file named by " + setting.key() + "File";
    }
}
