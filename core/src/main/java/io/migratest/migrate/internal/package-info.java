/** Flyway plumbing behind {@link io.migratest.migrate.Migrator}. Not API: may change in any release. */
package io.migratest.migrate.internal;
