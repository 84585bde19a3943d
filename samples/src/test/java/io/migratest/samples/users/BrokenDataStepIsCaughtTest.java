package io.migratest.samples.users;

import static io.migratest.assertj.MigrationAssertions.assertThat;
import static io.migratest.assertj.MigrationAssertions.assertThatThrownBy;

import io.migratest.compare.Snapshot;
import io.migratest.db.Engine;
import io.migratest.junit.MigrationTest;
import io.migratest.junit.Seed;
import io.migratest.migrate.Migrator;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Shows what a reviewer sees when a data step loses rows: the same check as
 * {@link UsersMigrationTest}, run against the broken step in {@code db.broken}, fails with a
 * message naming the table and both counts.
 */
@MigrationTest(engines = {Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB},
        locations = {"classpath:db/migration/schema", "classpath:db/broken"})
class BrokenDataStepIsCaughtTest {

    @Test
    @Seed(atVersion = "2", value = "fixtures/source_table.csv")
    void a_step_that_drops_rows_fails_the_row_count_check(Migrator migrator, Jdbi jdbi) {
        Snapshot before = Snapshot.of(jdbi, "SELECT name, email FROM source_table");

        migrator.migrateTo("3");

        assertThatThrownBy(() -> assertThat(jdbi).table("users").hasSameRowCountAs(before))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting table users to have as many rows as the snapshot of")
                .hasMessageContaining("SELECT name, email FROM source_table")
                .hasMessageContaining("(6 rows)")
                .hasMessageContaining("but it has 4 rows");
    }
}
