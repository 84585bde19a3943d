package io.migratest.db.internal;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a kept database outlives the reclaim of later runs. A database kept for inspection keeps its
 * name, so its JDBC URL stays the one printed, and gets a marker: an empty database named
 * {@code migratest_kept_<run>_<n>} beside {@code migratest_<run>_<n>}. The reclaim leaves a
 * database with a marker alone, and drops a marker whose database is gone (dropped by hand).
 * Database names carry no other state on every engine alike: PostgreSQL can rename a database,
 * MySQL and MariaDB cannot, and none of them lets a comment or a table be read cheaply from
 * another database for every candidate.
 */
final class KeptDatabases {

    /** What a marker looks like; the group is the run id. It does not match {@link ManagedServer#DATABASE_NAME}. */
    static final Pattern MARKER = Pattern.compile("^migratest_kept_([a-z0-9]+)_[0-9]+$");

    private static final String MARKER_PREFIX = ManagedServer.NAME_PREFIX + "kept_";

    private KeptDatabases() {
    }

    /** The marker of database {@code name} ({@code migratest_<run>_<n>}). */
    static String markerOf(String name) {
        return MARKER_PREFIX + name.substring(ManagedServer.NAME_PREFIX.length());
    }

    /** The database a marker stands for. */
    static String keptBy(String marker) {
        return ManagedServer.NAME_PREFIX + marker.substring(MARKER_PREFIX.length());
    }

    /**
     * The run that made {@code name}, when it is a database of a run that the reclaim may drop
     * given every database on the server: a run's database that has no marker, or a marker whose
     * database is gone.
     */
    static Optional<String> reclaimableRun(String name, Set<String> onServer) {
        Matcher database = ManagedServer.DATABASE_NAME.matcher(name);
        if (database.matches()) {
            return onServer.contains(markerOf(name)) ? Optional.empty() : Optional.of(database.group(1));
        }
        Matcher marker = MARKER.matcher(name);
        if (marker.matches()) {
            return onServer.contains(keptBy(name)) ? Optional.empty() : Optional.of(marker.group(1));
        }
        return Optional.empty();
    }

    /** What to tell a user about a kept database. */
    static String howToDrop(String name) {
        return "drop it when done with DROP DATABASE " + name + "; (a later run then drops its marker "
                + markerOf(name) + "), or drop only the marker to let a later run reclaim it";
    }
}
