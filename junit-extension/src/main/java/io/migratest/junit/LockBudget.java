package io.migratest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns the "lock rehearsal" check of {@link MigrationChecks} into a gate: a step fails when a
 * concurrent write waited longer than {@link #millis()}, or when a statement held a lock that
 * blocks writes while doing work that grows with the table (a rewrite, a full scan, an index
 * build, a copying ALTER, {@code LOCK TABLES}, every row changed in one transaction), which on a
 * production-sized table blocks writes for far longer than any budget. Without it, waits and
 * such locks are measured and reported but never fail; a step that fails or deadlocks under the
 * writers fails either way.
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
