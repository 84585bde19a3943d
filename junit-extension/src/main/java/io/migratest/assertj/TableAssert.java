package io.migratest.assertj;

import io.migratest.compare.Snapshot;
import org.assertj.core.api.AbstractAssert;
import org.jdbi.v3.core.Jdbi;

/**
 * Assertions on one table. Failure messages name the table and both counts:
 * <pre>
 * [table users]
 * Expecting table users to have 5 rows
 * but it has 4 rows
 * </pre>
 */
public class TableAssert extends AbstractAssert<TableAssert, String> {

    private final Jdbi jdbi;

    protected TableAssert(Jdbi jdbi, String table) {
        super(table, TableAssert.class);
        this.jdbi = jdbi;
        describedAs("table " + table);
    }

    /** Verifies that the table holds exactly {@code expected} rows. */
    public TableAssert hasRowCount(long expected) {
        isNotNull();
        long count = rowCount();
        if (count != expected) {
            failWithMessage("%nExpecting table %s to have %s%nbut it has %s", actual, rows(expected), rows(count));
        }
        return this;
    }

    /** Verifies that the table holds as many rows as {@code snapshot} captured. */
    public TableAssert hasSameRowCountAs(Snapshot snapshot) {
        isNotNull();
        if (snapshot == null) {
            throw new IllegalArgumentException("The snapshot to compare table " + actual + " with should not be null");
        }
        long count = rowCount();
        if (count != snapshot.rowCount()) {
            failWithMessage("%nExpecting table %s to have as many rows as the snapshot of%n  %s%n(%s)%nbut it has %s",
                    actual, snapshot.query(), rows(snapshot.rowCount()), rows(count));
        }
        return this;
    }

    /** Verifies that the table holds no rows. */
    public TableAssert isEmpty() {
        return hasRowCount(0);
    }

    private long rowCount() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM " + actual).mapTo(Long.class).one());
    }

    private static String rows(long count) {
        return count == 1 ? "1 row" : count + " rows";
    }
}
