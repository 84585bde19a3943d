package io.migratest.migrate;

import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * A project's Flyway settings in code, given to every migrator Migratest builds
 * ({@code @MigrationTest(flyway = OurFlyway.class)}, {@link Migrator.Builder#customizer}).
 *
 * <pre>{@code
 * public class OurFlyway implements FlywayCustomizer {
 *     public void customize(FluentConfiguration flyway) {
 *         flyway.outOfOrder(true).table("schema_versions");
 *     }
 * }
 * }</pre>
 *
 * <p>It runs after Flyway's configuration files and {@code FLYWAY_*} variables, before the
 * builder's own calls; the data source is always the test database's.
 */
@FunctionalInterface
public interface FlywayCustomizer {

    void customize(FluentConfiguration flyway);
}
