package io.migratest.compare;

import io.migratest.compare.internal.DiffTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a {@link DataDiff}: counts, the first differences, and where the full list is.
 *
 * <pre>{@code
 * DiffReport report = DataDiff.of(before).against(jdbi, "SELECT * FROM users").matchingOn("id").run();
 * if (report.hasDifferences()) {
 *     System.out.println(report.describe(20));
 * }
 * }</pre>
 *
 * @param target            the target, as named in messages (a table name when the query has one)
 * @param keyColumns        the key columns, in target naming
 * @param counts            how many rows were read, matched and found different
 * @param differences       the first differences found, up to the diff's keep limit, in key order
 * @param differencesFile   the CSV file with every difference, when there was any
 */
public record DiffReport(
        String target,
        List<String> keyColumns,
        DiffCounts counts,
        List<Difference> differences,
        Path differencesFile) {

    public DiffReport {
        keyColumns = List.copyOf(keyColumns);
        Objects.requireNonNull(counts, "counts");
        differences = List.copyOf(differences);
    }

    /** Rows read from the source snapshot. */
    public long sourceRows() {
        return counts.sourceRows();
    }

    /** Source rows left out because they were declared as meant to be dropped. */
    public long droppedAsExpected() {
        return counts.droppedAsExpected();
    }

    /** Expected rows after the transform (splits and merges change the count). */
    public long expectedRows() {
        return counts.expectedRows();
    }

    /** Rows read from the target. */
    public long targetRows() {
        return counts.targetRows();
    }

    /** Expected rows found with equal values. */
    public long equal() {
        return counts.equal();
    }

    /** Expected rows found with some columns differing. */
    public long changed() {
        return counts.changed();
    }

    /** Expected rows not found. */
    public long missing() {
        return counts.missing();
    }

    /** Target rows whose key no expected row has (and not declared as extra). */
    public long unexpected() {
        return counts.unexpected();
    }

    /** Target rows repeating a key. */
    public long duplicates() {
        return counts.duplicates();
    }

    /** Target rows without an expected row that were declared as extra. */
    public long extraAsExpected() {
        return counts.extraAsExpected();
    }

    /** Whether any expected row was changed or missing, or any target row unexpected or duplicated. */
    public boolean hasDifferences() {
        return differenceCount() > 0;
    }

    /** Changed + missing + unexpected + duplicate rows. */
    public long differenceCount() {
        return counts.differenceCount();
    }

    /** The file with the full list of differences, if any difference was found. */
    public Optional<Path> file() {
        return Optional.ofNullable(differencesFile);
    }

    /**
     * The counts in one sentence, e.g. {@code 1000 source rows, 997 equal, 2 changed, 1 missing,
     * 0 unexpected}.
     */
    public String summary() {
        DiffCounts c = counts;
        StringBuilder text = new StringBuilder();
        text.append(c.sourceRows()).append(c.sourceRows() == 1 ? " source row" : " source rows");
        if (c.expectedRows() != c.sourceRows() - c.droppedAsExpected()) {
            text.append(" (").append(c.expectedRows()).append(" expected rows)");
        }
        text.append(",\n").append(c.equal()).append(" equal, ").append(c.changed()).append(" changed, ")
                .append(c.missing()).append(" missing, ").append(c.unexpected()).append(" unexpected");
        if (c.duplicates() > 0) {
            text.append(", ").append(c.duplicates()).append(c.duplicates() == 1 ? " duplicate" : " duplicates");
        }
        if (c.droppedAsExpected() > 0) {
            text.append("; ").append(c.droppedAsExpected()).append(" source rows meant to be dropped");
        }
        if (c.extraAsExpected() > 0) {
            text.append("; ").append(c.extraAsExpected()).append(" extra target rows as declared");
        }
        return text.toString();
    }

    /**
     * The full failure text: a headline, the {@link #summary()}, the first {@code maxShown}
     * differences as an aligned table (key, column, expected, actual), and the file's path.
     */
    public String describe(int maxShown) {
        return "Migrated rows differ from the expected transform (matched on " + String.join(", ", keyColumns) + "): "
                + summary() + "\n" + DiffTable.render(this, maxShown);
    }
}
