package io.migratest.assertj;

import org.assertj.core.api.AbstractAssert;
import org.jdbi.v3.core.Jdbi;

/** Assertions on a database, reached through {@link MigrationAssertions#assertThat(Jdbi)}. */
public class DatabaseAssert extends AbstractAssert<DatabaseAssert, Jdbi> {

    protected DatabaseAssert(Jdbi actual) {
        super(actual, DatabaseAssert.class);
    }

    /** Assertions on one table (or view), e.g. {@code table("users")} or {@code table("app.users")}. */
    public TableAssert table(String table) {
        isNotNull();
        return new TableAssert(actual, table);
    }
}
