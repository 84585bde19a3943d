package io.migratest.junit;

import io.migratest.db.Engine;
import io.migratest.migrate.FlywayCustomizer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Makes a test class a migration test: every test method gets a new, empty database of its own,
 * on each engine listed, and may ask for a {@link io.migratest.migrate.Migrator},
 * {@link org.jdbi.v3.core.Jdbi}, {@link javax.sql.DataSource},
 * {@link io.migratest.db.TestDatabase} or the run's {@link io.migratest.report.Report} (in the
 * test's scope) as a parameter.
 *
 * <pre>{@code
 * @MigrationTest(engines = {Engine.POSTGRES, Engine.MARIADB})
 * class UsersMigrationTest {
 *     @Test
 *     @Seed(atVersion = "1", value = "fixtures/source_table.csv")
 *     void copies_every_row(Migrator migrator, Jdbi jdbi) { ... }
 * }
 * }</pre>
 *
 * <p>The class runs once per engine (its display name shows the engine). Usable as a
 * meta-annotation, so a team can declare its own {@code @OurMigrationTest} with its locations.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ClassTemplate
// EngineNames before UnavailableEngineFactories: it names the stand-in test the latter returns.
@ExtendWith({MigratestExtension.class, EngineNames.class, UnavailableEngineFactories.class})
public @interface MigrationTest {

    /**
     * Flyway locations of the migrations under test. Default {@code classpath:db/migration}.
     * {@code {vendor}} stands for the engine's Flyway vendor ({@code postgresql}, {@code mysql},
     * {@code mariadb}), so {@code {"classpath:db/migration", "classpath:db/vendor/{vendor}"}}
     * adds per-engine migrations beside shared ones.
     */
    String[] locations() default "classpath:db/migration";

    /** The engines every test runs on, once each. Default: PostgreSQL only. */
    Engine[] engines() default Engine.POSTGRES;

    /**
     * Which provider starts the databases: {@code auto} (the default: a configured server, else
     * Docker containers when Docker answers, else embedded PostgreSQL), {@code embedded},
     * {@code container} or {@code server}. The setting {@code migratest.provider} overrides it.
     */
    String provider() default "auto";

    /**
     * The project's Flyway settings in code, for every migrator of the class (its tests', its
     * seeds', {@link MigrationChecks}'): a class with a no-argument constructor. It applies over
     * the project's {@code flyway.conf} and {@code FLYWAY_*} variables, under {@link #locations()}.
     * Default: none.
     */
    Class<? extends FlywayCustomizer> flyway() default FlywayCustomizer.class;
}
