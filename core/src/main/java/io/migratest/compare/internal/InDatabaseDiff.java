package io.migratest.compare.internal;

import io.migratest.compare.DataDiff.Mode;
import io.migratest.compare.DiffConfigurationException;
import io.migratest.compare.Snapshot;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The bucket comparison of both sides of a diff on the target's server: whether it can run, and
 * running it. Only the buckets it finds differing are then read and merged by {@link DiffRunner}.
 */
final class InDatabaseDiff {
    final Jdbi targetJdbi;
    final Sql flavour;
    final BucketComparison.Side source;
    final BucketComparison.Side target;
    final boolean sourceKeysUnique;

    InDatabaseDiff(Jdbi targetJdbi, Sql flavour, BucketComparison.Side source, BucketComparison.Side target,
                   boolean sourceKeysUnique) {
        this.targetJdbi = targetJdbi;
        this.flavour = flavour;
        this.source = source;
        this.target = target;
        this.sourceKeysUnique = sourceKeysUnique;
    }

    /**
     * Whether to try the database first: always in {@link Mode#IN_DATABASE}; in {@link Mode#AUTO} on
     * PostgreSQL only, where hashing in the server beat reading the rows. On MySQL and MariaDB it
     * did not (BENCHMARKS.md), so AUTO streams there.
     */
    static boolean comparesInDatabase(Mode mode, Sql flavour) {
        return mode == Mode.IN_DATABASE || mode == Mode.AUTO && flavour.comparesInDatabaseByDefault();
    }

    /** The in-database comparison of this diff, or {@code null} (or a failure in IN_DATABASE mode) when it cannot run. */
    static InDatabaseDiff prepare(DiffSpec spec, DiffPlan plan, Handle handle, Sql flavour) throws SQLException {
        DiffSource source = spec.source();
        String targetQuery = spec.targetQuery();
        String why = whyNotInDatabase(spec);
        InDatabaseDiff result = null;
        if (why == null) {
            String side = "SELECT * FROM " + source.sideTable().orElseThrow();
            List<RowEncoding.Described> sourceColumns;
            try {
                sourceColumns = RowEncoding.describe(handle, side);
            } catch (SQLException e) {
                sourceColumns = null;
            }
            if (sourceColumns == null) {
                why = "the snapshot's side table " + source.sideTable().orElseThrow()
                        + " cannot be read through the target's connection (another server or database)";
            } else {
                List<RowEncoding.Described> targetColumns = RowEncoding.describe(handle, targetQuery);
                StringBuilder reason = new StringBuilder();
                result = plan.inDatabase(flavour, side, sourceColumns, targetColumns,
                        DeclaredKeys.of(handle.getConnection(), targetQuery), reason);
                why = result == null ? reason.toString() : null;
            }
        }
        if (why != null && spec.mode() == Mode.IN_DATABASE) {
            throw new DiffConfigurationException("The comparison with " + spec.targetName() + " cannot run in the database: "
                    + why + " => use mode(Mode.AUTO) to fall back to the streaming merge, or remove what needs Java");
        }
        return result;
    }

    private static String whyNotInDatabase(DiffSpec spec) {
        DiffSource source = spec.source();
        if (source.isInMemory()) {
            return "the source snapshot is held in memory (" + source.rowCount() + " rows, not more than "
                    + Snapshot.maxRowsInMemory() + "), not in a side table; take it with Snapshot.inDatabase(...)";
        }
        if (spec.transform() != null || spec.merge() != null || !spec.keyMappers().isEmpty()) {
            return "the expected rows come from a Java function (expecting, expectingRows, merging or mappingKey)";
        }
        if (spec.droppedRows() != null || spec.extraRows() != null) {
            return "expectingMissing/expectingExtra take Java predicates";
        }
        if (!spec.jsonColumns().isEmpty()) {
            return "comparingAsJson compares parsed JSON";
        }
        if (spec.numericScale() != null || !spec.timestampTolerance().isZero()) {
            return "numericScale/timestampTolerance compare with a tolerance";
        }
        return null;
    }

    /** The buckets, or {@code null} when the streaming merge should read everything. */
    BucketComparison.Outcome compare() throws SQLException {
        BucketComparison.Outcome outcome = BucketComparison.run(targetJdbi, flavour, source, target, sourceKeysUnique);
        // when many rows differ, filtering by bucket would cost more than it saves
        return outcome == null || outcome.differingRows() > outcome.totalRows() / 4 ? null : outcome;
    }
}
