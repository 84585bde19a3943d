package io.migratest.samples.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.Engine;
import io.migratest.junit.MigrationTest;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Each engine runs on its own database, whichever provider serves it: CI runs these samples once
 * on containers and once on the machine's servers, and MYSQL must be MySQL, not MariaDB.
 */
@MigrationTest(engines = {Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB})
class EnginesAreRealTest {

    @Test
    void the_server_is_the_engines_own(Engine engine, Jdbi jdbi) {
        String version = jdbi.withHandle(h -> h.createQuery("SELECT VERSION()").mapTo(String.class).one());

        switch (engine) {
            case POSTGRES -> assertThat(version).as("POSTGRES's server version").startsWith("PostgreSQL");
            case MYSQL -> assertThat(version).as("MYSQL's server version").doesNotContainIgnoringCase("MariaDB");
            case MARIADB -> assertThat(version).as("MARIADB's server version").containsIgnoringCase("MariaDB");
        }
    }
}
