package io.migratest.compare;

/**
 * One column of one migrated row that differs from the expected value.
 *
 * @param column   the target column, lower case
 * @param expected the expected value (canonical: integers as {@code Long}, zoned times as {@code Instant})
 * @param actual   the value the migrated row holds
 */
public record ColumnDifference(String column, Object expected, Object actual) {
}
