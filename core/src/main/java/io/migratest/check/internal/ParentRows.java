package io.migratest.check.internal;

import java.util.List;

/**
 * The parent rows a table's foreign keys point at, taken as the cross product of every foreign
 * key's parent keys: row k gets combination k (the first foreign key varying fastest), so a key
 * made of two foreign keys, as in a join table, gets distinct pairs instead of the same index
 * into each parent.
 */
final class ParentRows {

    /** No foreign key to fill. */
    static final ParentRows NONE = new ParentRows(List.of(), new int[0], new int[0], 0);

    private final List<List<List<String>>> parents;
    /** Per filled column: the foreign key whose parents give its value, or -1. */
    private final int[] foreignKeyOf;
    /** Per filled column: its position among its foreign key's referenced columns. */
    private final int[] positionIn;
    private long next;

    /**
     * @param parents      per foreign key, the referenced rows (each non-empty)
     * @param foreignKeyOf per filled column, the index into {@code parents}, or -1
     * @param positionIn   per filled column, the column's position in its foreign key
     * @param start        the first combination, e.g. the rows the table holds already, so later seedings take new ones
     */
    ParentRows(List<List<List<String>>> parents, int[] foreignKeyOf, int[] positionIn, long start) {
        this.parents = parents;
        this.foreignKeyOf = foreignKeyOf;
        this.positionIn = positionIn;
        this.next = start;
    }

    /** Where the value of filled column {@code column} is in {@link #next()}'s array, or -1 when it is not a foreign key's. */
    int position(int column) {
        return column < foreignKeyOf.length && foreignKeyOf[column] >= 0 ? column : -1;
    }

    /** The parent values of the next row, indexed like the filled columns. */
    synchronized String[] next() {
        String[] values = new String[foreignKeyOf.length];
        if (parents.isEmpty()) {
            return values;
        }
        long combination = next++;
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
