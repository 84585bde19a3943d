package io.migratest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many rows a table has in production, for the projection of {@link VolumeRehearsal}: each
 * migration's measured growth is projected to the largest declared size among the tables it
 * touches. Repeatable; it adds to (and for the same table replaces) the committed file
 * {@code src/test/resources/migratest/production-rows.properties}.
 *
 * <pre>{@code
 * @MigrationTest
 * @LockBudget(millis = 200)
 * @ProductionRows(table = "orders", rows = 50_000_000)
 * @ProductionRows(table = "customers", rows = 2_000_000)
 * class OrdersAtScaleTest implements VolumeRehearsal { }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(ProductionRowsList.class)
public @interface ProductionRows {

    /** The table, as the migrations name it (any case). */
    String table();

    /** Its row count in production, e.g. from {@code pg_class.reltuples} on a replica; 0 or more. */
    long rows();
}
