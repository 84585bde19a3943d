package io.migratest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a migration loses rows on purpose, so the "data survives" check of
 * {@link MigrationChecks} does not fail for it.
 *
 * <pre>{@code
 * @MigrationTest
 * @AllowDataLoss(version = "7", table = "audit_log")   // V7 purges audit rows older than a year
 * class MigrationsTest implements MigrationChecks { }
 * }</pre>
 *
 * <p>Repeatable; on the test class or an enclosing class.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(AllowDataLosses.class)
public @interface AllowDataLoss {

    /** The migration version that may lose rows, e.g. {@code "7"}. */
    String version();

    /** The table that may lose rows; {@code "*"} (the default) for every table. */
    String table() default "*";
}
