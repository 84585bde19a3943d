package io.migratest.compare;

/**
 * The counts of one {@link DataDiff}, as its {@link DiffReport} gives them.
 *
 * @param sourceRows        rows read from the source snapshot
 * @param droppedAsExpected source rows left out because they were declared as meant to be dropped
 * @param expectedRows      expected rows after the transform (splits and merges change the count)
 * @param targetRows        rows read from the target
 * @param equal             expected rows found with equal values
 * @param changed           expected rows found with some columns differing
 * @param missing           expected rows not found
 * @param unexpected        target rows whose key no expected row has (and not declared as extra)
 * @param duplicates        target rows repeating a key
 * @param extraAsExpected   target rows without an expected row that were declared as extra
 */
public record DiffCounts(
        long sourceRows,
        long droppedAsExpected,
        long expectedRows,
        long targetRows,
        long equal,
        long changed,
        long missing,
        long unexpected,
        long duplicates,
        long extraAsExpected) {

    /** Changed + missing + unexpected + duplicate rows. */
    public long differenceCount() {
        return changed + missing + unexpected + duplicates;
    }
}
