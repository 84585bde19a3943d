package io.migratest.compare.internal;

import io.migratest.MigratestException;
import io.migratest.compare.DiffConfigurationException;
import io.migratest.compare.DiffCounts;
import io.migratest.compare.DiffReport;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Runs one diff: reads the target's columns and plans the comparison on one connection, compares
 * key buckets in the database where it can ({@link InDatabaseDiff}), and merges the expected rows
 * with the target rows (all of them, or those of the buckets that differ) into a {@link DiffReport}.
 */
public final class DiffRunner {

    private final DiffSpec spec;
    private final String targetName;

    private DiffRunner(DiffSpec spec) {
        this.spec = spec;
        this.targetName = spec.targetName();
    }

    /** Compares every row as {@code spec} says and returns the report. */
    public static DiffReport run(DiffSpec spec) {
        return new DiffRunner(spec).run();
    }

    private DiffReport run() {
        DiffSource source = spec.source();
        // one connection for everything known before the rows are read: each new one costs milliseconds
        List<QueryColumn> target;
        DiffPlan plan;
        Sql flavour;
        InDatabaseDiff inDatabase;
        try (Handle handle = spec.targetJdbi().open()) {
            flavour = Sql.of(handle.getConnection());
            target = targetColumns(handle);
            plan = new DiffPlan(spec, target);
            inDatabase = InDatabaseDiff.comparesInDatabase(spec.mode(), flavour)
                    ? InDatabaseDiff.prepare(spec, plan, handle, flavour) : null;
        } catch (SQLException e) {
            throw new DiffConfigurationException("Reading the columns for the comparison with " + targetName + " failed: "
                    + e.getMessage(), e);
        }
        try {
            String sourceQuery = source.isInMemory() ? null : "SELECT * FROM " + source.sideTable().orElseThrow();
            String targetRows = spec.targetQuery();
            long matched = 0;
            if (inDatabase != null) {
                BucketComparison.Outcome outcome = inDatabase.compare();
                if (outcome != null) {
                    sourceQuery = BucketComparison.restrict(inDatabase.flavour, inDatabase.source, outcome.buckets(),
                            outcome.differing());
                    targetRows = BucketComparison.restrict(inDatabase.flavour, inDatabase.target, outcome.buckets(),
                            outcome.differing());
                    matched = outcome.matchedRows();
                }
            }
            return merge(plan, flavour, target, sourceQuery, targetRows, matched);
        } catch (MigratestException e) {
            throw e;
        } catch (SQLException e) {
            throw new DiffConfigurationException("Reading rows for the comparison with " + targetName + " failed: "
                    + e.getMessage(), e);
        } catch (Exception e) {
            throw new MigratestException("The comparison with " + targetName + " failed: " + e, e);
        }
    }

    /**
     * The streaming merge of the expected rows (from {@code sourceQuery} when the snapshot is in a
     * side table) with {@code targetRows}; {@code matched} rows found equal in the database are added.
     */
    private DiffReport merge(DiffPlan plan, Sql flavour, List<QueryColumn> target, String sourceQuery, String targetRows,
                             long matched) throws Exception {
        try (DifferenceSink sink = new DifferenceSink(spec.keep(), spec.file() != null ? spec.file() : DiffFiles.defaultFile(spec),
                spec.file() != null, targetName);
             // started first, so that the target query starts (and sorts) while the source one does
             PrefetchingRows<Object[]> actual = PrefetchingRows.start("migratest-diff-target-reader",
                     () -> targetReader(plan, flavour, target, targetRows));
             ExpectedRows expected = plan.expectedRows(sourceQuery)) {
            Merge merge = new Merge(plan.mergePlan(), sink);
            Merge.Counts counts = merge.run(expected::next, actual);
            DiffCounts totals = new DiffCounts(expected.sourceRows + matched, expected.dropped, counts.expected + matched,
                    counts.target + matched, counts.equal + matched, counts.changed, counts.missing, counts.unexpected,
                    counts.duplicates, counts.extraAsExpected);
            return new DiffReport(targetName, spec.keyColumns(), totals, sink.kept(), sink.file());
        }
    }

    /** The target rows in key order, decoded for the merge; opened, read and closed on the reader thread. */
    private PrefetchingRows.Reader<Object[]> targetReader(DiffPlan plan, Sql flavour, List<QueryColumn> target,
                                                          String targetRows) throws SQLException {
        ResultCursor cursor = ResultCursor.open(spec.targetJdbi(),
                QueryColumn.orderedBy(flavour, targetRows, target, spec.keyColumns()));
        return new PrefetchingRows.Reader<>() {
            @Override
            public Object[] next() throws SQLException {
                return plan.readTarget(cursor.next());
            }

            @Override
            public void close() {
                cursor.close();
            }
        };
    }

    private List<QueryColumn> targetColumns(Handle handle) {
        try {
            return QueryColumn.of(handle.getConnection(), spec.targetQuery());
        } catch (SQLException e) {
            throw new DiffConfigurationException("The target query failed:\n  " + spec.targetQuery() + "\n" + e.getMessage()
                    + "\n=> check that it runs on the migrated database", e);
        }
    }
}
