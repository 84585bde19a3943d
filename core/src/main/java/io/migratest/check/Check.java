package io.migratest.check;

import java.util.Arrays;
import java.util.Optional;

/**
 * The built-in checks, by the name a report shows and the key the setting
 * {@code migratest.checks.skip} takes (the key is also the {@code MigrationChecks} method name).
 */
public enum Check {
    APPLIES_FROM_EMPTY("appliesFromEmpty", "applies from empty"),
    LINEAR_HISTORY("linearHistory", "linear history"),
    DATA_SURVIVES("dataSurvives", "data survives"),
    UNDO_ROUND_TRIP("undoRoundTrip", "undo round trip"),
    SCHEMA_MATCHES_SNAPSHOT("schemaMatchesSnapshot", "schema matches snapshot"),
    LOCK_REHEARSAL("lockRehearsal", "lock rehearsal"),
    VOLUME_REHEARSAL("volumeRehearsal", "volume rehearsal");

    private final String key;
    private final String displayName;

    Check(String key, String displayName) {
        this.key = key;
        this.displayName = displayName;
    }

    /** The key in settings, e.g. {@code lockRehearsal}. */
    public String key() {
        return key;
    }

    /** The name in reports and test names, e.g. {@code lock rehearsal}. */
    public String displayName() {
        return displayName;
    }

    /** The check with {@code key} (case-insensitive). */
    public static Optional<Check> ofKey(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equalsIgnoreCase(key.trim())).findFirst();
    }
}
