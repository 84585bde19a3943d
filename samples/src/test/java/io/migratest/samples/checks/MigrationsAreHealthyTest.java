package io.migratest.samples.checks;

import io.migratest.db.Engine;
import io.migratest.junit.MigrationChecks;
import io.migratest.junit.MigrationTest;

/**
 * Every built-in check on the users sample's migrations, on each engine: they apply from an
 * empty database, the history is linear against {@code src/test/resources/migratest/baseline-<engine>.json},
 * the rows generated before each step survive it, the schema matches
 * {@code src/test/resources/migratest/schema-<engine>.txt}, and writes are timed while each
 * migration runs. An engine that is not available here is skipped.
 */
@MigrationTest(engines = {Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB})
class MigrationsAreHealthyTest implements MigrationChecks {
}
