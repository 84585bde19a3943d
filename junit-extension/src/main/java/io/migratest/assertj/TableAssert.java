package io.migratest.assertj;

import io.migratest.compare.Row;
import io.migratest.compare.Snapshot;
import io.migratest.compare.Table;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Assertions on one table. Failure messages name the table and both counts:
 * <pre>
 * [table users]
 * Expecting table users to have 5 rows
 * but it has 4 rows
 * </pre>
 */
public class TableAssert extends AbstractAssert<TableAssert, Table> implements Soft.SoftChain {

    private SoftAssertionsProvider soft;

    /** Public for AssertJ's soft assertion proxies; start at {@link DatabaseAssert#table(String)}. */
    public TableAssert(Table actual) {
        super(actual, TableAssert.class);
        describedAs("table " + actual.name());
    }

    @Override
    public void softly(SoftAssertionsProvider soft) {
        this.soft = soft;
    }

    /** Verifies that the table holds exactly {@code expected} rows. */
    public TableAssert hasRowCount(long expected) {
        isNotNull();
        long count = actual.rowCount();
        if (count != expected) {
            failWithMessage("%nExpecting table %s to have %s%nbut it has %s", actual.name(), rows(expected), rows(count));
        }
        return this;
    }

    /** Verifies that the table holds as many rows as {@code snapshot} captured. */
    public TableAssert hasSameRowCountAs(Snapshot snapshot) {
        isNotNull();
        if (snapshot == null) {
            throw new IllegalArgumentException("The snapshot to compare table " + actual.name() + " with should not be null");
        }
        long count = actual.rowCount();
        if (count != snapshot.rowCount()) {
            failWithMessage("%nExpecting table %s to have as many rows as the snapshot of%n  %s%n(%s)%nbut it has %s",
                    actual.name(), snapshot.query(), rows(snapshot.rowCount()), rows(count));
        }
        return this;
    }

    /** Verifies that the table holds no rows. */
    public TableAssert isEmpty() {
        return hasRowCount(0);
    }

    /**
     * Verifies that for each given row some table row has the same values in the columns the
     * given row names (other columns do not matter).
     *
     * <pre>{@code assertThat(jdbi).table("users").containsRows(Row.of("id", 1, "email", "ada@example.org"));}</pre>
     */
    public TableAssert containsRows(Row... rows) {
        isNotNull();
        List<Row> missing = actual.rowsNotFound(rows);
        if (!missing.isEmpty()) {
            failWithMessage("%nExpecting table %s to contain%n%s%nbut these were not found:%n%s", actual.name(),
                    lines(Arrays.asList(rows)), lines(missing));
        }
        return this;
    }

    /** Assertions on one column of the table. */
    public ColumnAssert column(String column) {
        isNotNull();
        return Soft.next(soft, ColumnAssert.class, ColumnAssert.Column.class, new ColumnAssert.Column(actual, column),
                ColumnAssert::new);
    }

    private static String lines(List<Row> rows) {
        return rows.stream().map(row -> "  " + row).collect(Collectors.joining("%n".formatted()));
    }

    static String rows(long count) {
        return count == 1 ? "1 row" : count + " rows";
    }
}
