package io.migratest.assertj;

import io.migratest.compare.Row;
import io.migratest.compare.Snapshot;
import io.migratest.compare.Table;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Assertions on one column of a table, reached through {@link TableAssert#column(String)}:
 *
 * <pre>{@code
 * assertThat(jdbi).table("users").column("email").hasNoNulls().hasDistinctValues();
 * assertThat(jdbi).table("accounts").column("balance").hasSameSumAs(before, "balance");
 * }</pre>
 */
public class ColumnAssert extends AbstractAssert<ColumnAssert, ColumnAssert.Column> implements Soft.SoftChain {

    private static final int EXAMPLES = 5;

    /**
     * A column of a live table.
     *
     * @param table  the table
     * @param column the column name
     */
    public record Column(Table table, String column) {
        @Override
        public String toString() {
            return table.name() + "." + column;
        }
    }

    /** Public for AssertJ's soft assertion proxies; start at {@link TableAssert#column(String)}. */
    public ColumnAssert(Column actual) {
        super(actual, ColumnAssert.class);
        describedAs("column " + actual);
    }

    @Override
    public void softly(SoftAssertionsProvider soft) {
        // the column is the end of the chain
    }

    /** Verifies that no row holds NULL in the column; the failure shows up to 5 such rows. */
    public ColumnAssert hasNoNulls() {
        isNotNull();
        long nulls = actual.table().nullCount(actual.column());
        if (nulls > 0) {
            List<Row> examples = actual.table().rowsWithNull(actual.column(), EXAMPLES);
            failWithMessage("%nExpecting column %s to have no NULLs%nbut %s of %s hold NULL, e.g.%n%s", actual, nulls,
                    TableAssert.rows(actual.table().rowCount()), examples.stream().map(r -> "  " + r)
                            .collect(Collectors.joining("%n".formatted())));
        }
        return this;
    }

    /**
     * Verifies that no non-NULL value occurs twice in the column (text compared exactly, even
     * where the collation ignores case); the failure shows up to 5 repeated values.
     */
    public ColumnAssert hasDistinctValues() {
        isNotNull();
        Map<Object, Long> repeated = actual.table().repeatedValues(actual.column(), EXAMPLES);
        if (!repeated.isEmpty()) {
            failWithMessage("%nExpecting column %s to have distinct values%nbut these occur more than once:%n%s", actual,
                    repeated.entrySet().stream().map(e -> "  " + show(e.getKey()) + " (" + e.getValue() + " times)")
                            .collect(Collectors.joining("%n".formatted())));
        }
        return this;
    }

    /** Verifies that the column sums to what {@code sourceColumn} of {@code before} summed to. */
    public ColumnAssert hasSameSumAs(Snapshot before, String sourceColumn) {
        isNotNull();
        return sameAggregate("sum", before.sum(sourceColumn), actual.table().sum(actual.column()), before, sourceColumn);
    }

    /** Verifies that the column's smallest value is that of {@code sourceColumn} in {@code before}. */
    public ColumnAssert hasSameMinAs(Snapshot before, String sourceColumn) {
        isNotNull();
        return sameAggregate("minimum", before.min(sourceColumn), actual.table().min(actual.column()), before, sourceColumn);
    }

    /** Verifies that the column's largest value is that of {@code sourceColumn} in {@code before}. */
    public ColumnAssert hasSameMaxAs(Snapshot before, String sourceColumn) {
        isNotNull();
        return sameAggregate("maximum", before.max(sourceColumn), actual.table().max(actual.column()), before, sourceColumn);
    }

    private ColumnAssert sameAggregate(String what, Object expected, Object found, Snapshot before, String sourceColumn) {
        if (!sameValue(expected, found)) {
            failWithMessage("%nExpecting the %s of column %s to be that of %s in the snapshot of%n  %s%n(%s)%nbut it is %s",
                    what, actual, sourceColumn, before.query(), show(expected), show(found));
        }
        return this;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a, b) || a != null && b != null && a.toString().equals(b.toString());
    }

    private static String show(Object value) {
        if (value == null) {
            return "NULL";
        }
        return value instanceof String ? "\"" + value + "\"" : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }
}
