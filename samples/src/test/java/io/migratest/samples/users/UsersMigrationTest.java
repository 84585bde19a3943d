package io.migratest.samples.users;

import static io.migratest.assertj.MigrationAssertions.assertThat;

import io.migratest.compare.Row;
import io.migratest.compare.Snapshot;
import io.migratest.db.Engine;
import io.migratest.junit.MigrationTest;
import io.migratest.junit.Seed;
import io.migratest.migrate.Migrator;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Checks V3, the Java data step that copies legacy rows into {@code users}. */
@MigrationTest(engines = {Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB})
class UsersMigrationTest {

    @Test
    @Seed(atVersion = "2", value = "fixtures/source_table.csv")
    void v3_copies_every_legacy_row_normalised(Migrator migrator, Jdbi jdbi) {
        Snapshot before = Snapshot.of(jdbi, "SELECT name, email FROM source_table");

        migrator.migrateTo("3");

        assertThat(jdbi).table("users").hasSameRowCountAs(before);
        // The legacy rows have no id: they are matched on the name, which V3 trims.
        assertThat(before)
                .migratedTo(jdbi, "SELECT id, name, email FROM users")
                .matchingOn("name")
                .mappingKey("name", row -> row.string("name").strip())
                .ignoring("id")
                .expecting(row -> Row.of("email", normalisedEmail(row.string("email"))))
                .hasNoDifferences();
        assertThat(jdbi).table("users").column("id").hasNoNulls().hasDistinctValues();
        // Ids follow the trimmed names' order.
        assertThat(jdbi).table("users").containsRows(
                Row.of("id", 1, "name", "Ada Lovelace"),
                Row.of("id", 2, "name", "Alan Turing"),
                Row.of("id", 3, "name", "Björn Borg"),
                Row.of("id", 4, "name", "Grace Hopper"),
                Row.of("id", 5, "name", "Jean-Luc Picard"),
                Row.of("id", 6, "name", "Zoë Ødegård"));
    }

    @Test
    void every_migration_applies_to_an_empty_database(Migrator migrator) {
        migrator.migrate();

        assertThat(migrator.currentVersion()).hasValue("3");
        assertThat(migrator.pending()).isEmpty();
    }

    private static String normalisedEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }
}
