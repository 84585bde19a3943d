package io.migratest.db.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Identifies one {@link ManagedServer}'s run in database names: the start time in seconds, base
 * 36 (six characters until 2059), then four random letters or digits. Each server gets its own id, so that two servers of one
 * JVM pointed at the same physical server never share names or run locks.
 */
final class RunId {

    /** What a run id looks like; anything else in a database name is not Migratest's. */
    static final Pattern FORMAT = Pattern.compile("[a-z0-9]+");

    private static final int TIME_LENGTH = 6;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RunId() {
    }

    static String next() {
        String time = Long.toString(System.currentTimeMillis() / 1000, 36);
        StringBuilder random = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            random.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return (time + random).toLowerCase(Locale.ROOT);
    }

    /** When the run started, read from its id; empty for an id too short to carry a time. */
    static Optional<Instant> startedAt(String runId) {
        if (runId.length() < TIME_LENGTH + 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(runId.substring(0, TIME_LENGTH), 36)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
