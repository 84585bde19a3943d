package io.migratest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Before the test, migrates its database to {@link #atVersion()} and loads fixtures there.
 *
 * <pre>{@code
 * @Seed(atVersion = "1", value = "fixtures/source_table.csv")
 * }</pre>
 *
 * <p>Repeatable, on the class and on the method: seeds on the class apply first, then those on
 * the method, each in the order written, so a test can seed at version 1, then at version 3.
 * Fixture formats are those of {@link io.migratest.fixture.Fixtures}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(Seeds.class)
public @interface Seed {

    /** The schema version to migrate to before loading; empty (the default) means no migration. */
    String atVersion() default "";

    /** Fixture files (class path resources, else file paths), loaded in order. */
    String[] value();

    /** The table a CSV fixture goes into; default: the file's base name. Only for a single CSV. */
    String table() default "";
}
