package io.migratest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The longest a concurrent write may wait for any migration in the "lock rehearsal" check of
 * {@link MigrationChecks}. Without it, waits are measured and reported but never fail.
 *
 * <pre>{@code
 * @MigrationTest
 * @LockBudget(millis = 200)
 * class MigrationsTest implements MigrationChecks { }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface LockBudget {

    /** The budget in milliseconds; must be positive. */
    long millis();
}
