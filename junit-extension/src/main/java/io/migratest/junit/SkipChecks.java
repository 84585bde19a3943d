package io.migratest.junit;

import io.migratest.check.Check;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Switches built-in checks of {@link MigrationChecks} off. Each one still shows up, as a skipped
 * test saying "switched off by @SkipChecks on &lt;class&gt;" and the reason, so a report never
 * looks green for a check that did not run. The setting {@code migratest.checks.skip} does the
 * same for a whole run.
 *
 * <pre>{@code
 * @MigrationTest
 * @SkipChecks(value = Check.LOCK_REHEARSAL, reason = "migrations run in a maintenance window")
 * class MigrationsTest implements MigrationChecks { }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface SkipChecks {

    /** The checks that do not run; at least one. */
    Check[] value();

    /** Why, shown in the skipped result. Default: none given. */
    String reason() default "";
}
