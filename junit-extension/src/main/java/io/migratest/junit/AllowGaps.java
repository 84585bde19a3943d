package io.migratest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Versions the "no gaps" step of {@link MigrationChecks}' linear-history check may find missing,
 * e.g. a migration removed before it reached any database.
 *
 * <pre>{@code
 * @MigrationTest
 * @AllowGaps("3")
 * class MigrationsTest implements MigrationChecks { }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AllowGaps {

    /** The missing versions allowed, as Flyway writes them ({@code "3"}, {@code "1.2"}). Default: none. */
    String[] value() default {};

    /** Allow every gap: the step passes without looking. Default {@code false}. */
    boolean any() default false;
}
