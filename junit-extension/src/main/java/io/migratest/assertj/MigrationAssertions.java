package io.migratest.assertj;

import io.migratest.compare.Snapshot;
import org.assertj.core.api.Assertions;
import org.jdbi.v3.core.Jdbi;

/**
 * Entry point of Migratest's AssertJ assertions. It extends AssertJ's {@link Assertions}, so one
 * static import serves both:
 *
 * <pre>{@code
 * import static io.migratest.assertj.MigrationAssertions.assertThat;
 *
 * assertThat(jdbi).table("users").hasRowCount(3);
 * assertThat("text").startsWith("t");
 * }</pre>
 */
public class MigrationAssertions extends Assertions {

    protected MigrationAssertions() {
    }

    /** Assertions on the database behind {@code jdbi}. */
    public static DatabaseAssert assertThat(Jdbi jdbi) {
        return new DatabaseAssert(jdbi);
    }

    /** Assertions on rows captured before a migration. */
    public static SnapshotAssert assertThat(Snapshot snapshot) {
        return new SnapshotAssert(snapshot);
    }
}
