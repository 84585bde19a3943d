package io.migratest.compare;

import io.migratest.compare.internal.DiffTable;
import java.nio.file.Path;
import java.util.List;
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
 * @param differences       the first differences found, up to the diff's keep limit, in key order
 * @param differencesFile   the CSV file with every difference, when there was any
 */
public record DiffReport(
        String target,
        List<String> keyColumns,
        long sourceRows,
        long droppedAsExpected,
        long expectedRows,
        long targetRows,
        long equal,
        long changed,
        long missing,
        long unexpected,
        long duplicates,
        long extraAsExpected,
        List<Difference> differences,
        Path differencesFile) {

    public DiffReport {
        keyColumns = List.copyOf(keyColumns);
        differences = List.copyOf(differences);
    }

    /** Whether any expected row was changed or missing, or any target row unexpected or duplicated. */
    public boolean hasDifferences() {
        return differenceCount() > 0;
    }

    /** Changed + missing + unexpected + duplicate rows. */
    public long differenceCount() {
        return changed + missing + unexpected + duplicates;
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
        StringBuilder text = new StringBuilder();
        text.append(sourceRows).append(sourceRows == 1 ? " source row" : " source rows");
        if (expectedRows != sourceRows - droppedAsExpected) {
            text.append(" (").append(expectedRows).append(" expected rows)");
        }
        text.append(",\n").append(equal).append(" equal, ").append(changed).append(" changed, ")
                .append(missing).append(" missing, ").append(unexpected).append(" unexpected");
        if (duplicates > 0) {
            text.append(", ").append(duplicates).append(duplicates == 1 ? " duplicate" : " duplicates");
        }
        if (droppedAsExpected > 0) {
            text.append("; ").append(droppedAsExpected).append(" source rows meant to be dropped");
        }
        if (extraAsExpected > 0) {
            text.append("; ").append(extraAsExpected).append(" extra target rows as declared");
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
