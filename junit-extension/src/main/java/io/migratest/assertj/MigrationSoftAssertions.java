package io.migratest.assertj;

import io.migratest.compare.Snapshot;
import org.assertj.core.api.SoftAssertions;
import org.jdbi.v3.core.Jdbi;

/**
 * AssertJ soft assertions with Migratest's entry points: every failure of a chain is collected
 * and reported together by {@link #assertAll()}.
 *
 * <pre>{@code
 * MigrationSoftAssertions softly = new MigrationSoftAssertions();
 * softly.assertThat(jdbi).table("users").hasRowCount(3);
 * softly.assertThat(before).migratedTo(jdbi, "SELECT * FROM users").matchingOn("id").hasNoDifferences();
 * softly.assertAll();
 * }</pre>
 *
 * It also works with JUnit's {@code SoftAssertionsExtension} ({@code @InjectSoftAssertions}).
 */
public class MigrationSoftAssertions extends SoftAssertions {

    /** Soft assertions on the database behind {@code jdbi}. */
    public DatabaseAssert assertThat(Jdbi jdbi) {
        DatabaseAssert proxy = proxy(DatabaseAssert.class, Jdbi.class, jdbi);
        proxy.softly(this);
        return proxy;
    }

    /** Soft assertions on rows captured before a migration. */
    public SnapshotAssert assertThat(Snapshot snapshot) {
        SnapshotAssert proxy = proxy(SnapshotAssert.class, Snapshot.class, snapshot);
        proxy.softly(this);
        return proxy;
    }
}
