package io.migratest.db.internal;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Identifies this JVM's test run in database names: the start time in seconds, base 36, then
 * random letters, so that concurrent runs on one server never pick the same names and leftovers
 * of killed runs can be told by age.
 */
final class RunId {

    private static final String ID = Long.toString(System.currentTimeMillis() / 1000, 36)
            + Integer.toString(new SecureRandom().nextInt(36 * 36 * 36), 36);

    private RunId() {
    }

    static String current() {
        return ID.toLowerCase(Locale.ROOT);
    }
}
