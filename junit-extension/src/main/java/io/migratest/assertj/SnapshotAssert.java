package io.migratest.assertj;

import io.migratest.compare.Snapshot;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link Snapshot}, reached through {@link MigrationAssertions#assertThat(Snapshot)}. */
public class SnapshotAssert extends AbstractAssert<SnapshotAssert, Snapshot> {

    protected SnapshotAssert(Snapshot actual) {
        super(actual, SnapshotAssert.class);
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
}
