package io.migratest.samples.users;

import static io.migratest.assertj.MigrationAssertions.assertThat;

import io.migratest.compare.Snapshot;
import io.migratest.junit.MigrationTest;
import io.migratest.junit.Seed;
import io.migratest.migrate.Migrator;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Checks V3, the Java data step that copies legacy rows into {@code users}. */
@MigrationTest
class UsersMigrationTest {

    @Test
    @Seed(atVersion = "2", value = "fixtures/source_table.csv")
    void v3_copies_every_legacy_row_normalised(Migrator migrator, Jdbi jdbi) {
        Snapshot before = Snapshot.of(jdbi, "SELECT name, email FROM source_table");

        migrator.migrateTo("3");

        assertThat(jdbi).table("users").hasSameRowCountAs(before);
        List<String> users = jdbi.withHandle(h -> h.createQuery("SELECT name, email FROM users ORDER BY id")
                .map((rs, ctx) -> rs.getString("name") + " <" + rs.getString("email") + ">")
                .list());
        assertThat(users).containsExactly(
                        "Ada Lovelace <ada@example.org>",
                        "Alan Turing <null>",
                        "Björn Borg <bjorn@tennis.se>",
                        "Grace Hopper <grace@navy.mil>",
                        "Jean-Luc Picard <null>",
                        "Zoë Ødegård <zoe@example.no>");
    }

    @Test
    void every_migration_applies_to_an_empty_database(Migrator migrator) {
        migrator.migrate();

        assertThat(migrator.currentVersion()).hasValue("3");
        assertThat(migrator.pending()).isEmpty();
    }
}
