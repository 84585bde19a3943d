package io.migratest.assertj;

import io.migratest.compare.DataDiff;
import io.migratest.compare.Snapshot;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;
import org.jdbi.v3.core.Jdbi;

/** Assertions on a {@link Snapshot}, reached through {@link MigrationAssertions#assertThat(Snapshot)}. */
public class SnapshotAssert extends AbstractAssert<SnapshotAssert, Snapshot> implements Soft.SoftChain {

    private SoftAssertionsProvider soft;

    /** Public for AssertJ's soft assertion proxies; start at {@link MigrationAssertions#assertThat(Snapshot)}. */
    public SnapshotAssert(Snapshot actual) {
        super(actual, SnapshotAssert.class);
    }

    @Override
    public void softly(SoftAssertionsProvider soft) {
        this.soft = soft;
    }

    /** Verifies that the snapshot captured exactly {@code expected} rows. */
    public SnapshotAssert hasRowCount(long expected) {
        isNotNull();
        if (actual.rowCount() != expected) {
            failWithMessage("%nExpecting the snapshot of%n  %s%nto have %s rows%nbut it has %s",
                    actual.query(), expected, actual.rowCount());
        }
        return this;
    }

    /**
     * Starts a keyed comparison of the snapshot's rows with the rows {@code targetQuery} returns
     * after the migration; finish with {@link MigratedRowsAssert#hasNoDifferences()}.
     *
     * <pre>{@code
     * assertThat(before)
     *     .migratedTo(jdbi, "SELECT id, first_name, last_name, email FROM users")
     *     .matchingOn("id")
     *     .expecting(row -> Row.of("email", row.string("email").toLowerCase()))
     *     .hasNoDifferences();
     * }</pre>
     */
    public MigratedRowsAssert migratedTo(Jdbi jdbi, String targetQuery) {
        isNotNull();
        DataDiff diff = DataDiff.of(actual).against(jdbi, targetQuery);
        return Soft.next(soft, MigratedRowsAssert.class, DataDiff.class, diff, MigratedRowsAssert::new);
    }

    /** Like {@link #migratedTo(Jdbi, String)} with every row of {@code table}. */
    public MigratedRowsAssert migratedToTable(Jdbi jdbi, String table) {
        return migratedTo(jdbi, "SELECT * FROM " + table);
    }
}
