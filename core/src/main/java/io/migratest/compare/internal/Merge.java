package io.migratest.compare.internal;

import io.migratest.compare.ColumnDifference;
import io.migratest.compare.DiffConfigurationException;
import io.migratest.compare.Difference;
import io.migratest.compare.DuplicateKeyException;
import io.migratest.compare.IncomparableValuesException;
import io.migratest.compare.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The streaming merge of expected rows and target rows, both in key order: one pass, two rows in
 * memory at a time besides the kept differences.
 */
public final class Merge {

    /** A supplier of rows in key order; {@code null} at the end. */
    @FunctionalInterface
    public interface Source<T> {
        T next() throws Exception;
    }

    /**
     * One expected row in target layout.
     *
     * @param key    the canonical key values, in key column order
     * @param values the canonical values by target column index (ignored columns may hold anything)
     * @param origin what the row came from, for messages (a source {@link Row} or its text)
     */
    public record Expected(Object[] key, Object[] values, Object origin) {
    }

    /**
     * What is compared.
     *
     * @param target        the target's name in messages
     * @param columns       target column names, lower case
     * @param keyIndexes    indexes of the key columns in {@code columns}
     * @param compared      indexes of the compared (non-key, non-ignored) columns
     * @param tolerances    value tolerances
     * @param declaredExtra target rows meant to have no source row, or {@code null}
     * @param orderHint     a sentence telling how the expected rows were ordered, for the order error
     */
    public record Plan(String target, List<String> columns, int[] keyIndexes, int[] compared,
                       Values.Tolerances tolerances, Predicate<Row> declaredExtra, String orderHint) {
    }

    /** The counts of one merge. */
    public static final class Counts {
        public long expected;
        public long target;
        public long equal;
        public long changed;
        public long missing;
        public long unexpected;
        public long duplicates;
        public long extraAsExpected;
    }

    private final Plan plan;
    private final DifferenceSink sink;
    private final Counts counts = new Counts();

    public Merge(Plan plan, DifferenceSink sink) {
        this.plan = plan;
        this.sink = sink;
    }

    /** Runs the merge to the end of both sources. */
    public Counts run(Source<Expected> expectedRows, Source<Object[]> targetRows) throws Exception {
        Expected expected = nextExpected(expectedRows, null);
        Object[] actual = targetRows.next();
        Object[] actualKey = actual == null ? null : keyOf(actual);
        Object[] previousActualKey = null;
        while (expected != null || actual != null) {
            if (actual != null && previousActualKey != null) {
                int order = compareKeys(previousActualKey, actualKey, "target", "target");
                if (order == 0) {
                    duplicate(actual, actualKey);
                    actual = targetRows.next();
                    actualKey = actual == null ? null : keyOf(actual);
                    continue;
                }
                if (order > 0) {
                    throw new DiffConfigurationException("The rows of " + plan.target() + " did not come in key order: key "
                            + keyText(actualKey) + " after " + keyText(previousActualKey)
                            + ". The key columns' type or collation orders differently in the database and in Migratest"
                            + " => report this with the column types of " + columnNames(plan.keyIndexes()));
                }
            }
            int c = expected == null ? 1 : actual == null ? -1 : compareKeys(expected.key(), actualKey, "expected", "target");
            if (c < 0) {
                missing(expected);
                expected = nextExpected(expectedRows, expected);
            } else if (c > 0) {
                unexpected(actual, actualKey);
                previousActualKey = actualKey;
                actual = targetRows.next();
                actualKey = actual == null ? null : keyOf(actual);
            } else {
                compareRow(expected, actual, actualKey);
                previousActualKey = actualKey;
                expected = nextExpected(expectedRows, expected);
                actual = targetRows.next();
                actualKey = actual == null ? null : keyOf(actual);
            }
        }
        return counts;
    }

    private Expected nextExpected(Source<Expected> rows, Expected previous) throws Exception {
        Expected next = rows.next();
        if (next == null) {
            return null;
        }
        counts.expected++;
        if (previous != null) {
            int order = compareKeys(previous.key(), next.key(), "expected", "expected");
            if (order == 0) {
                throw new DuplicateKeyException("The key " + keyText(next.key()) + " is not unique on the source side:"
                        + " the expected rows of\n  " + previous.origin() + "\nand\n  " + next.origin()
                        + "\nboth have it => match on columns that identify one row of " + plan.target()
                        + " (a composite key: matchingOn(\"a\", \"b\")), or combine such rows with merging(...)");
            }
            if (order > 0) {
                throw new DiffConfigurationException("The expected rows do not come in key order: " + keyText(next.key())
                        + " (from " + next.origin() + ") after " + keyText(previous.key()) + ". " + plan.orderHint());
            }
        }
        return next;
    }

    private void compareRow(Expected expected, Object[] actual, Object[] key) {
        counts.target++;
        List<ColumnDifference> differences = null;
        for (int index : plan.compared()) {
            Object want = expected.values()[index];
            Object got = actual[index];
            boolean same;
            try {
                same = Values.same(want, got, plan.tolerances());
            } catch (Values.Incomparable e) {
                throw new IncomparableValuesException("Cannot compare column " + plan.columns().get(index) + " of the row with key "
                        + keyText(key) + ": the expected value is " + Values.typeOf(want) + " and " + plan.target()
                        + " holds " + Values.typeOf(got) + " => make the expected transform produce a "
                        + (got == null ? "value" : got.getClass().getSimpleName()) + " for this column, or ignore it");
            }
            if (!same) {
                if (differences == null) {
                    differences = new ArrayList<>();
                }
                differences.add(new ColumnDifference(plan.columns().get(index), want, got));
            }
        }
        if (differences == null) {
            counts.equal++;
        } else {
            counts.changed++;
            sink.add(new Difference(Difference.Kind.CHANGED, keyRow(key), differences, targetRow(actual)));
        }
    }

    private void missing(Expected expected) {
        counts.missing++;
        Object[] values = expected.values().clone();
        sink.add(new Difference(Difference.Kind.MISSING, keyRow(expected.key()), List.of(), targetRow(values)));
    }

    private void unexpected(Object[] actual, Object[] key) {
        counts.target++;
        Row row = targetRow(actual);
        if (plan.declaredExtra() != null && plan.declaredExtra().test(row)) {
            counts.extraAsExpected++;
            return;
        }
        counts.unexpected++;
        sink.add(new Difference(Difference.Kind.UNEXPECTED, keyRow(key), List.of(), row));
    }

    private void duplicate(Object[] actual, Object[] key) {
        counts.target++;
        counts.duplicates++;
        sink.add(new Difference(Difference.Kind.DUPLICATE, keyRow(key), List.of(), targetRow(actual)));
    }

    private Object[] keyOf(Object[] row) {
        int[] indexes = plan.keyIndexes();
        Object[] key = new Object[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            key[i] = row[indexes[i]];
        }
        return key;
    }

    private int compareKeys(Object[] a, Object[] b, String sideA, String sideB) {
        for (int i = 0; i < a.length; i++) {
            int c;
            try {
                c = Values.compareKeys(a[i], b[i]);
            } catch (Values.Incomparable e) {
                throw new IncomparableValuesException("Cannot compare the key column " + plan.columns().get(plan.keyIndexes()[i])
                        + ": the " + sideA + " key " + keyText(a) + " holds " + Values.typeOf(a[i]) + ", the " + sideB
                        + " key " + keyText(b) + " holds " + Values.typeOf(b[i])
                        + " => give both sides the same kind of key, e.g. with mappingKey(...) or a CAST in the query");
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private Row keyRow(Object[] key) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < key.length; i++) {
            values.put(plan.columns().get(plan.keyIndexes()[i]), key[i]);
        }
        return new Row(values);
    }

    private Row targetRow(Object[] values) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(plan.columns().get(i), values[i]);
        }
        return new Row(map);
    }

    private String keyText(Object[] key) {
        return keyRow(key).toString();
    }

    private List<String> columnNames(int[] indexes) {
        List<String> names = new ArrayList<>();
        for (int index : indexes) {
            names.add(plan.columns().get(index));
        }
        return names;
    }
}
