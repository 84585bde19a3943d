package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The class {@link SurefireReportTest} has a real Surefire run: a plain test method and a nested
 * one, both passing. Not a test of its own (its name matches none of Surefire's default includes).
 */
@MigrationTest(locations = "classpath:ext/simple")
class EngineNamedSample {

    @Test
    void migrates(Migrator migrator) {
        migrator.migrate();
    }

    @Nested
    class Inner {

        @Test
        void has_a_database(TestDatabase database) {
            assertThat(database.name()).startsWith("migratest_");
        }
    }
}
