package io.migratest.compare.internal;

import io.migratest.compare.Row;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;

/** The expected rows in key order: sorted in memory for small snapshots, streamed from the side table else. */
final class ExpectedRows implements AutoCloseable {
    private final DiffSource source;
    private final Function<List<Row>, Row> merge;
    private final Predicate<Row> droppedRows;
    private final DiffPlan plan;
    private final ResultCursor cursor;
    private Iterator<Merge.Expected> sorted;
    private final List<Merge.Expected> pending = new ArrayList<>();
    private int pendingIndex;
    private Object[] lookahead;
    long sourceRows;
    long dropped;

    ExpectedRows(DiffSpec spec, DiffPlan plan, String side) throws SQLException {
        this.source = spec.source();
        this.merge = spec.merge();
        this.droppedRows = spec.droppedRows();
        this.plan = plan;
        if (source.isInMemory()) {
            this.cursor = null;
            this.sourceRows = source.rowCount();
            this.sorted = sortInMemory();
        } else {
            List<String> order = plan.sourceOrderColumns();
            this.cursor = ResultCursor.open(source.jdbi(), order.isEmpty() ? side : ordered(side, order));
        }
    }

    private String ordered(String side, List<String> order) throws SQLException {
        try (Handle handle = source.jdbi().open()) {
            Connection connection = handle.getConnection();
            return QueryColumn.orderedBy(Sql.of(connection), side, QueryColumn.of(connection, side), order);
        }
    }

    private Iterator<Merge.Expected> sortInMemory() throws SQLException {
        Iterator<Object[]> rows = source.rowsInMemory().iterator();
        if (merge != null) {
            // merges group neighbours, so the source rows are put in key order first
            Map<Object[], Object[]> keys = new IdentityHashMap<>();
            for (Object[] row : source.rowsInMemory()) {
                keys.put(row, plan.sourceKey(row, null));
            }
            List<Object[]> byKey = new ArrayList<>(source.rowsInMemory());
            byKey.sort(Comparator.comparing(keys::get, plan::compareKeyArrays));
            rows = byKey.iterator();
        }
        List<Merge.Expected> all = new ArrayList<>();
        Merge.Expected next;
        while ((next = nextFrom(rows)) != null) {
            all.add(next);
        }
        if (merge == null) {
            all.sort(plan::compareExpected);
        }
        return all.iterator();
    }

    Merge.Expected next() throws SQLException {
        if (sorted != null) {
            return sorted.hasNext() ? sorted.next() : null;
        }
        return nextFrom(null);
    }

    /** The next expected row from {@code rows}, or from the cursor when {@code rows} is null. */
    private Merge.Expected nextFrom(Iterator<Object[]> rows) throws SQLException {
        while (true) {
            if (pendingIndex < pending.size()) {
                return pending.get(pendingIndex++);
            }
            pending.clear();
            pendingIndex = 0;
            Object[] row = lookahead != null ? lookahead : read(rows);
            lookahead = null;
            if (row == null) {
                return null;
            }
            if (merge != null) {
                Merge.Expected grouped = group(row, rows);
                if (grouped != null) {
                    return grouped;
                }
                continue;
            }
            List<Merge.Expected> expanded = plan.expand(row);
            if (expanded == null) {
                dropped++;
            } else {
                pending.addAll(expanded);
            }
        }
    }

    private Merge.Expected group(Object[] first, Iterator<Object[]> rows) throws SQLException {
        List<Object[]> group = new ArrayList<>();
        Object[] key = null;
        Object[] row = first;
        while (row != null) {
            if (droppedRows != null && plan.isDropped(source.row(row))) {
                dropped++;
            } else {
                Object[] rowKey = plan.sourceKey(row, null);
                if (key == null) {
                    key = rowKey;
                } else if (plan.compareKeyArrays(key, rowKey) != 0) {
                    lookahead = row;
                    break;
                }
                group.add(row);
            }
            row = read(rows);
        }
        return group.isEmpty() ? null : plan.mergeGroup(group);
    }

    private Object[] read(Iterator<Object[]> rows) throws SQLException {
        if (rows != null) {
            return rows.hasNext() ? rows.next() : null;
        }
        Object[] row = cursor.next();
        if (row != null) {
            sourceRows++;
        }
        return row;
    }

    @Override
    public void close() {
        if (cursor != null) {
            cursor.close();
        }
    }
}
