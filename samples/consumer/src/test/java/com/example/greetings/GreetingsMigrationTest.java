package com.example.greetings;

import static io.migratest.assertj.MigrationAssertions.assertThat;

import io.migratest.compare.Row;
import io.migratest.junit.MigrationTest;
import io.migratest.migrate.Migrator;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * What a project gets from the README's snippet alone: the migrations run on embedded PostgreSQL,
 * and that PostgreSQL is the 17 the README promises.
 */
@MigrationTest
class GreetingsMigrationTest {

    @Test
    void migrations_apply_on_embedded_postgresql_17(Migrator migrator, Jdbi jdbi) {
        migrator.migrate();

        String serverVersion = jdbi.withHandle(handle -> handle.createQuery("SHOW server_version")
                .mapTo(String.class)
                .one());
        assertThat(serverVersion).as("SHOW server_version").startsWith("17.");
        assertThat(migrator.currentVersion()).hasValue("2");
        assertThat(jdbi).table("greetings").hasRowCount(3).containsRows(
                Row.of("id", 1, "language", "en", "text", "Hello"),
                Row.of("id", 3, "language", "sv", "text", "Hej"));
    }
}
