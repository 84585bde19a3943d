package io.migratest.migrate;

/**
 * One migration as Flyway sees it: applied, pending or failed.
 *
 * @param version         the version, e.g. {@code "2"} or {@code "2.1"}; {@code null} for repeatable migrations
 * @param description     the description from the file or class name
 * @param script          the script file or Java class
 * @param type            {@code SQL}, {@code JDBC} (Java) or another Flyway type
 * @param state           Flyway's state: {@code Success}, {@code Pending}, {@code Failed}, ...
 * @param executionMillis how long it ran, or {@code null} when it has not run
 */
public record MigrationStep(String version, String description, String script, String type, String state,
        Integer executionMillis) {

    /** Whether the migration ran successfully on the database. */
    public boolean isApplied() {
        return state.equalsIgnoreCase("success") || state.toLowerCase(java.util.Locale.ROOT).startsWith("out of order");
    }

    /** Whether the migration is waiting to be applied. */
    public boolean isPending() {
        return state.equalsIgnoreCase("pending");
    }

    @Override
    public String toString() {
        return (version == null ? "R" : "V" + version) + " " + description + " [" + state + "]";
    }
}
