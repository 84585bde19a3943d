package io.migratest.check.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parent rows a table's foreign keys point at, taken as the cross product of every foreign
 * key's parent keys: row k gets combination k (the first foreign key varying fastest), so a key
 * made of two foreign keys, as in a join table, gets distinct pairs instead of the same index
 * into each parent. Where the table's key is made of such columns only, combinations the table
 * holds already are passed over, so a later seeding does not repeat a key of an earlier one
 * (the parents grow between seedings, which moves combination k).
 */
final class ParentRows {

    /** No foreign key to fill. */
    static final ParentRows NONE = new ParentRows(List.of(), new int[0], new int[0], 0, new int[0], Set.of());

    /** How many combinations one row may pass over before it takes a repeated one (the database then refuses it). */
    private static final int MAX_PASSES = 100_000;

    private final List<List<List<String>>> parents;
    /** Per filled column: the foreign key whose parents give its value, or -1. */
    private final int[] foreignKeyOf;
    /** Per filled column: its position among its foreign key's referenced columns. */
    private final int[] positionIn;
    /** The filled columns that make the table's key, in key order, or empty. */
    private final int[] keyColumns;
    /** The keys taken, as {@link #keyOf} gives them. */
    private final Set<String> taken;
    private long next;

    /**
     * @param parents      per foreign key, the referenced rows (each non-empty)
     * @param foreignKeyOf per filled column, the index into {@code parents}, or -1
     * @param positionIn   per filled column, the column's position in its foreign key
     * @param start        the first combination, e.g. the rows the table holds already, so later seedings take new ones
     * @param keyColumns   the filled columns that make the table's key (all from foreign keys), or empty
     * @param taken        the keys the table holds, as {@link #keyOf} gives them; new keys are added to it
     */
    ParentRows(List<List<List<String>>> parents, int[] foreignKeyOf, int[] positionIn, long start, int[] keyColumns,
            Set<String> taken) {
        this.parents = parents;
        this.foreignKeyOf = foreignKeyOf;
        this.positionIn = positionIn;
        this.next = start;
        this.keyColumns = keyColumns;
        this.taken = taken;
    }

    /** Whether keys the table holds are passed over: its key is made of foreign-key columns only. */
    boolean avoidsTakenKeys() {
        return keyColumns.length > 0;
    }

    /** Marks {@code key} ({@link #keyOf}) as held by the table already. */
    synchronized void take(String key) {
        taken.add(key);
    }

    /** Parent rows that pass over no key: for a table whose key is not made of foreign keys. */
    ParentRows(List<List<List<String>>> parents, int[] foreignKeyOf, int[] positionIn, long start) {
        this(parents, foreignKeyOf, positionIn, start, new int[0], Set.of());
    }

    /** The key of a row from the values of its key columns, in key order. */
    static String keyOf(List<String> values) {
        return String.join("\u0001", values);
    }

    /** Where the value of filled column {@code column} is in {@link #next()}'s array, or -1 when it is not a foreign key's. */
    int position(int column) {
        return column < foreignKeyOf.length && foreignKeyOf[column] >= 0 ? column : -1;
    }

    /** The parent values of the next row, indexed like the filled columns. */
    synchronized String[] next() {
        if (parents.isEmpty()) {
            return new String[foreignKeyOf.length];
        }
        String[] values = combination(next++);
        for (int pass = 0; keyColumns.length > 0 && pass < MAX_PASSES; pass++) {
            List<String> key = new ArrayList<>(keyColumns.length);
            for (int column : keyColumns) {
                key.add(values[column]);
            }
            if (taken.add(keyOf(key))) {
                break;
            }
            values = combination(next++);
        }
        return values;
    }

    private String[] combination(long number) {
        String[] values = new String[foreignKeyOf.length];
        long combination = number;
        long total = 1;
        for (List<List<String>> rows : parents) {
            total = Math.multiplyHigh(total, rows.size()) != 0 ? Long.MAX_VALUE : total * rows.size();
        }
        combination = Math.floorMod(combination, total);
        long[] chosen = new long[parents.size()];
        for (int k = 0; k < parents.size(); k++) {
            int size = parents.get(k).size();
            chosen[k] = combination % size;
            combination /= size;
        }
        for (int i = 0; i < foreignKeyOf.length; i++) {
            int key = foreignKeyOf[i];
            if (key >= 0) {
                values[i] = parents.get(key).get((int) chosen[key]).get(positionIn[i]);
            }
        }
        return values;
    }
}
