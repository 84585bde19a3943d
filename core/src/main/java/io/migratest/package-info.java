/**
 * Migratest: verify database migrations on real databases.
 *
 * <p>Start with {@link io.migratest.db.TestDatabase} for an isolated database,
 * {@link io.migratest.migrate.Migrator} to run Flyway migrations on it,
 * {@link io.migratest.fixture.Fixtures} to seed data and {@link io.migratest.compare.Snapshot}
 * to capture rows before a migration.
 */
package io.migratest;
