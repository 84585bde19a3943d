package io.migratest.assertj;

import io.migratest.compare.DataDiff;
import io.migratest.compare.DiffReport;
import io.migratest.compare.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * A keyed comparison of snapshot rows with migrated rows, reached through
 * {@link SnapshotAssert#migratedTo}. The settings are those of {@link DataDiff}; the verdict is
 * {@link #hasNoDifferences()}, whose failure shows the counts, an aligned table of the first
 * differences and the path of the file with all of them:
 *
 * <pre>
 * Migrated rows differ from the expected transform (matched on id): 1000 source rows,
 * 997 equal, 2 changed, 1 missing, 0 unexpected
 *   id    column      expected      actual
 *   17    last_name   "van Dyke"    "Dyke"
 *   404   email       "a@b.org"     "A@B.org"
 *   512   &lt;missing&gt;   row absent in users
 * 3 differences; the full list is in …/target/migratest/diffs/SplitTest.v2-1.csv
 * </pre>
 */
public class MigratedRowsAssert extends AbstractAssert<MigratedRowsAssert, DataDiff> implements Soft.SoftChain {

    private int shown = 20;

    /** Public for AssertJ's soft assertion proxies; start at {@link SnapshotAssert#migratedTo}. */
    public MigratedRowsAssert(DataDiff actual) {
        super(actual, MigratedRowsAssert.class);
        describedAs("rows of " + actual.targetName());
    }

    @Override
    public void softly(SoftAssertionsProvider soft) {
        // the verdict is the last call of the chain; nothing is passed further
    }

    /** See {@link DataDiff#matchingOn}. */
    public MigratedRowsAssert matchingOn(String... targetKeyColumns) {
        actual.matchingOn(targetKeyColumns);
        return this;
    }

    /** See {@link DataDiff#expecting}. */
    public MigratedRowsAssert expecting(Function<Row, Row> transform) {
        actual.expecting(transform);
        return this;
    }

    /** See {@link DataDiff#expectingRows}. */
    public MigratedRowsAssert expectingRows(Function<Row, ? extends Collection<Row>> split) {
        actual.expectingRows(split);
        return this;
    }

    /** See {@link DataDiff#merging}. */
    public MigratedRowsAssert merging(Function<List<Row>, Row> merge) {
        actual.merging(merge);
        return this;
    }

    /** See {@link DataDiff#renaming}. */
    public MigratedRowsAssert renaming(String sourceColumn, String targetColumn) {
        actual.renaming(sourceColumn, targetColumn);
        return this;
    }

    /** See {@link DataDiff#ignoring}. */
    public MigratedRowsAssert ignoring(String... targetColumns) {
        actual.ignoring(targetColumns);
        return this;
    }

    /** See {@link DataDiff#mappingKey}. */
    public MigratedRowsAssert mappingKey(String targetKeyColumn, Function<Row, ?> fromSourceRow) {
        actual.mappingKey(targetKeyColumn, fromSourceRow);
        return this;
    }

    /** See {@link DataDiff#expectingMissing}. */
    public MigratedRowsAssert expectingMissing(Predicate<Row> sourceRowsMeantToBeDropped) {
        actual.expectingMissing(sourceRowsMeantToBeDropped);
        return this;
    }

    /** See {@link DataDiff#expectingExtra}. */
    public MigratedRowsAssert expectingExtra(Predicate<Row> targetRowsMeantToAppear) {
        actual.expectingExtra(targetRowsMeantToAppear);
        return this;
    }

    /** See {@link DataDiff#numericScale}. */
    public MigratedRowsAssert numericScale(int scale) {
        actual.numericScale(scale);
        return this;
    }

    /** See {@link DataDiff#timestampTolerance}. */
    public MigratedRowsAssert timestampTolerance(Duration tolerance) {
        actual.timestampTolerance(tolerance);
        return this;
    }

    /** See {@link DataDiff#timeZone}. */
    public MigratedRowsAssert timeZone(ZoneId zone) {
        actual.timeZone(zone);
        return this;
    }

    /** See {@link DataDiff#comparingAsJson}. */
    public MigratedRowsAssert comparingAsJson(String... targetColumns) {
        actual.comparingAsJson(targetColumns);
        return this;
    }

    /** See {@link DataDiff#mode}: {@code AUTO} (default), {@code STREAMING} or {@code IN_DATABASE}. */
    public MigratedRowsAssert mode(DataDiff.Mode mode) {
        actual.mode(mode);
        return this;
    }

    /** See {@link DataDiff#inDatabase}: compare by bucket hashes in the database, or fail saying why it cannot. */
    public MigratedRowsAssert inDatabase() {
        actual.inDatabase();
        return this;
    }

    /** See {@link DataDiff#streaming}: read and merge every row in Java. */
    public MigratedRowsAssert streaming() {
        actual.streaming();
        return this;
    }

    /** See {@link DataDiff#writingDifferencesTo}. */
    public MigratedRowsAssert writingDifferencesTo(Path file) {
        actual.writingDifferencesTo(file);
        return this;
    }

    /** How many differences the failure message shows. Default: 20. */
    public MigratedRowsAssert showing(int maxDifferences) {
        this.shown = maxDifferences;
        actual.keepingDifferences(Math.max(maxDifferences, 1));
        return this;
    }

    /**
     * Runs the comparison and verifies that every expected row arrived once, with the expected
     * values, and that no other row did.
     *
     * @return the report, for further checks of counts
     */
    public DiffReport hasNoDifferences() {
        isNotNull();
        // named here, where the test's frame is known, so that core need not know this package
        CallerName.find().ifPresent(actual::named);
        DiffReport report = actual.run();
        if (report.hasDifferences()) {
            failWithMessage("%n%s", report.describe(shown));
        }
        return report;
    }
}
