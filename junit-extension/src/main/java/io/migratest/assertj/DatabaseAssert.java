package io.migratest.assertj;

import io.migratest.compare.Table;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;
import org.jdbi.v3.core.Jdbi;

/** Assertions on a database, reached through {@link MigrationAssertions#assertThat(Jdbi)}. */
public class DatabaseAssert extends AbstractAssert<DatabaseAssert, Jdbi> implements Soft.SoftChain {

    private SoftAssertionsProvider soft;

    /** Public for AssertJ's soft assertion proxies; start at {@link MigrationAssertions#assertThat(Jdbi)}. */
    public DatabaseAssert(Jdbi actual) {
        super(actual, DatabaseAssert.class);
    }

    @Override
    public void softly(SoftAssertionsProvider soft) {
        this.soft = soft;
    }

    /** Assertions on one table (or view), e.g. {@code table("users")} or {@code table("app.users")}. */
    public TableAssert table(String table) {
        isNotNull();
        return Soft.next(soft, TableAssert.class, Table.class, Table.of(actual, table), TableAssert::new);
    }
}
