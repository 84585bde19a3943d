package io.migratest.compare;

import java.util.List;

/**
 * One keyed difference between the expected and the migrated rows.
 *
 * @param kind    what differs
 * @param key     the key columns and values of the row
 * @param columns for {@link Kind#CHANGED}, the columns that differ, in target column order; else empty
 * @param row     for {@link Kind#MISSING} the expected row; for {@link Kind#UNEXPECTED} and
 *                {@link Kind#DUPLICATE} the migrated row; for {@link Kind#CHANGED} the migrated row
 */
public record Difference(Kind kind, Row key, List<ColumnDifference> columns, Row row) {

    public Difference {
        columns = List.copyOf(columns);
    }

    /** The kinds of difference. */
    public enum Kind {
        /** The row is there, but some columns hold other values than expected. */
        CHANGED,
        /** An expected row has no migrated row with its key. */
        MISSING,
        /** A migrated row has a key no expected row has. */
        UNEXPECTED,
        /** A migrated row repeats the key of the row before it. */
        DUPLICATE
    }
}
