package io.migratest.compare;

import io.migratest.compare.internal.DiffRunner;
import io.migratest.compare.internal.DiffSource;
import io.migratest.compare.internal.DiffSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * A keyed comparison of the rows of a {@link Snapshot} taken before a migration with the rows of
 * a query after it, through the transform the migration is meant to apply.
 *
 * <pre>{@code
 * DiffReport report = DataDiff.of(before)
 *         .against(jdbi, "SELECT id, first_name, last_name, email FROM users")
 *         .matchingOn("id")
 *         .expecting(row -> Row.of(
 *                 "first_name", firstWord(row.string("full_name")),
 *                 "last_name", rest(row.string("full_name")),
 *                 "email", row.string("email").toLowerCase()))
 *         .run();
 * }</pre>
 *
 * <p><b>The expected row</b> of a source row is the source row with its columns renamed
 * ({@link #renaming}), with the columns the transform returns laid over it: columns the transform
 * does not mention are expected unchanged. Every column of the target query is compared, except
 * the key and {@link #ignoring ignored} ones; a target column that has no expected value is a
 * configuration error, not a silent pass.
 *
 * <p><b>How it runs.</b> Both sides are read in key order (ORDER BY in SQL in binary/code point
 * order for text, the same order in Java) and merged in one pass; only the first
 * {@link #keepingDifferences kept} differences stay in memory, every difference goes to a CSV file
 * under {@code target/migratest/diffs}. This object is a builder: configure it, then call
 * {@link #run()}.
 *
 * <p><b>In the database.</b> When the snapshot lives in a side table on the target's server and the
 * expectation is plain SQL (the source row, renamed, with ignored columns; no Java function and
 * no tolerance), the rows need not travel: both sides are hashed per key bucket in the database,
 * at once on two connections (row count and sum of 60-bit row hashes per bucket), and only the
 * buckets that differ are read and merged. The source's keys are counted for repeats unless its
 * table declares them unique (a primary key, or a unique index on NOT NULL columns). The report is
 * the same as the streaming merge's. See {@link #mode(Mode)}.
 */
public final class DataDiff {

    /** How {@link #run()} compares the rows. */
    public enum Mode {
        /**
         * On PostgreSQL, in the database when possible ({@link #IN_DATABASE}), else {@link #STREAMING};
         * on MySQL and MariaDB, where hashing in the server was slower than reading the rows, streaming.
         */
        AUTO,
        /** Read both sides in key order and merge them in Java. */
        STREAMING,
        /**
         * Hash key buckets in the database and merge only the buckets that differ; when most of them
         * differ, every row is merged as in {@link #STREAMING}. Fails with a
         * {@link DiffConfigurationException} saying why when the diff cannot run in the database.
         */
        IN_DATABASE
    }

    private static final Pattern FROM_TABLE = Pattern.compile("(?i)\\bfrom\\s+([\\w.\"`]+)");

    private final Snapshot source;
    private Jdbi targetJdbi;
    private String targetQuery;
    private List<String> keyColumns = List.of();
    private final Map<String, String> renames = new LinkedHashMap<>();
    private final Set<String> ignored = new LinkedHashSet<>();
    private final Set<String> jsonColumns = new LinkedHashSet<>();
    private final Map<String, Function<Row, ?>> keyMappers = new LinkedHashMap<>();
    private Function<Row, ? extends Collection<Row>> transform;
    private Function<List<Row>, Row> merge;
    private Predicate<Row> droppedRows;
    private Predicate<Row> extraRows;
    private Integer numericScale;
    private Duration timestampTolerance = Duration.ZERO;
    private ZoneId timeZone = ZoneId.of("UTC");
    private int keep = 1_000;
    private Path file;
    private String name;
    private Mode mode = Mode.AUTO;

    private DataDiff(Snapshot source) {
        this.source = Objects.requireNonNull(source, "the source snapshot");
    }

    /** A diff of the rows captured in {@code source}. */
    public static DataDiff of(Snapshot source) {
        return new DataDiff(source);
    }

    /** The rows to compare with: {@code targetQuery} run on {@code jdbi} (read when {@link #run()} runs). */
    public DataDiff against(Jdbi jdbi, String targetQuery) {
        this.targetJdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.targetQuery = Objects.requireNonNull(targetQuery, "targetQuery");
        return this;
    }

    /** The rows to compare with: every row of {@code table}. */
    public DataDiff againstTable(Jdbi jdbi, String table) {
        return against(jdbi, "SELECT * FROM " + table);
    }

    /** The key columns, as the target names them (one or several). Required. */
    public DataDiff matchingOn(String... targetKeyColumns) {
        if (targetKeyColumns.length == 0) {
            throw new IllegalArgumentException("matchingOn needs at least one key column");
        }
        this.keyColumns = lower(Arrays.asList(targetKeyColumns));
        return this;
    }

    /** A source column that the target calls differently, key or not. Default: same names. */
    public DataDiff renaming(String sourceColumn, String targetColumn) {
        renames.put(lower(sourceColumn), lower(targetColumn));
        return this;
    }

    /** Target columns left out of the comparison (e.g. generated timestamps). Default: none. */
    public DataDiff ignoring(String... targetColumns) {
        ignored.addAll(lower(Arrays.asList(targetColumns)));
        return this;
    }

    /**
     * A key column whose value the migration derives from the source row (a changed form, e.g.
     * trimmed or prefixed). It wins over the transform and over the source column of that name.
     *
     * <pre>{@code .mappingKey("name", row -> row.string("name").strip())}</pre>
     */
    public DataDiff mappingKey(String targetKeyColumn, Function<Row, ?> fromSourceRow) {
        keyMappers.put(lower(targetKeyColumn), Objects.requireNonNull(fromSourceRow));
        return this;
    }

    /** The expected transform of each source row: its result is laid over the renamed source row. Default: none. */
    public DataDiff expecting(Function<Row, Row> transform) {
        Objects.requireNonNull(transform, "transform");
        this.transform = row -> {
            Row result = transform.apply(row);
            return result == null ? null : List.of(result);
        };
        this.merge = null;
        return this;
    }

    /**
     * For a split: the expected rows of each source row (none, one or several), each laid over the
     * renamed source row. Give the target key columns that tell the rows of one source row apart.
     */
    public DataDiff expectingRows(Function<Row, ? extends Collection<Row>> split) {
        this.transform = Objects.requireNonNull(split, "split");
        this.merge = null;
        return this;
    }

    /**
     * For a merge: source rows with the same key (from the renamed source columns or
     * {@link #mappingKey}) become one expected row, {@code merge(rows)}; the key columns are added.
     */
    public DataDiff merging(Function<List<Row>, Row> merge) {
        this.merge = Objects.requireNonNull(merge, "merge");
        this.transform = null;
        return this;
    }

    /** Source rows the migration is meant to drop: they are not expected in the target. Default: none. */
    public DataDiff expectingMissing(Predicate<Row> sourceRowsMeantToBeDropped) {
        this.droppedRows = Objects.requireNonNull(sourceRowsMeantToBeDropped);
        return this;
    }

    /** Target rows the migration is meant to add: no source row is needed for them. Default: none. */
    public DataDiff expectingExtra(Predicate<Row> targetRowsMeantToAppear) {
        this.extraRows = Objects.requireNonNull(targetRowsMeantToAppear);
        return this;
    }

    /**
     * Numbers equal when they differ by at most half a unit at {@code scale} decimals, so a value
     * the migration rounded to that scale still matches. Default: exact (by value, so 1.50 = 1.5).
     */
    public DataDiff numericScale(int scale) {
        this.numericScale = scale;
        return this;
    }

    /** Date-times equal when at most {@code tolerance} apart (e.g. a column of lower precision). Default: exact. */
    public DataDiff timestampTolerance(Duration tolerance) {
        this.timestampTolerance = Objects.requireNonNull(tolerance).abs();
        return this;
    }

    /**
     * The zone in which instants (timestamptz, {@code OffsetDateTime}) are read as local date-times
     * when compared with a column without zone. Default: UTC.
     */
    public DataDiff timeZone(ZoneId zone) {
        this.timeZone = Objects.requireNonNull(zone);
        return this;
    }

    /** Columns whose text is compared as parsed JSON (JSON and JSONB columns always are). */
    public DataDiff comparingAsJson(String... targetColumns) {
        jsonColumns.addAll(lower(Arrays.asList(targetColumns)));
        return this;
    }

    /** How many differences are kept in memory for the report. Default: 1000; all go to the file. */
    public DataDiff keepingDifferences(int max) {
        this.keep = max;
        return this;
    }

    /** The CSV file for the differences. Default: {@code target/migratest/diffs/<name>-<n>.csv}. */
    public DataDiff writingDifferencesTo(Path file) {
        this.file = file;
        return this;
    }

    /**
     * The base name of the differences file. Default: the calling class and method
     * ({@code UsersMigrationTest.v3_copies_rows}), else the target table.
     */
    public DataDiff named(String name) {
        this.name = name;
        return this;
    }

    /**
     * How the rows are compared. Default: {@link Mode#AUTO}, which on PostgreSQL compares in the
     * database when the snapshot is in a side table reachable from the target's connection and the
     * expectation is plain SQL, and otherwise streams.
     */
    public DataDiff mode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** Shorthand for {@code mode(Mode.IN_DATABASE)}. */
    public DataDiff inDatabase() {
        return mode(Mode.IN_DATABASE);
    }

    /** Shorthand for {@code mode(Mode.STREAMING)}. */
    public DataDiff streaming() {
        return mode(Mode.STREAMING);
    }

    /** The source snapshot. */
    public Snapshot source() {
        return source;
    }

    /** The target query, or {@code null} before {@link #against}. */
    public String targetQuery() {
        return targetQuery;
    }

    /** The key columns. */
    public List<String> keyColumns() {
        return keyColumns;
    }

    /** The target as named in messages: its table when the query reads one. */
    public String targetName() {
        if (targetQuery == null) {
            return "the target";
        }
        Matcher matcher = FROM_TABLE.matcher(targetQuery);
        return matcher.find() ? matcher.group(1).replace("\"", "").replace("`", "") : "the target query";
    }

    /**
     * Compares every row and returns the report.
     *
     * @throws DiffConfigurationException when a key, renamed, ignored or expected column does not exist
     * @throws DuplicateKeyException      when the key is not unique on the source side
     * @throws TransformFailedException   when the transform throws
     * @throws IncomparableValuesException when two values have no common meaning
     */
    public DiffReport run() {
        if (targetJdbi == null) {
            throw new DiffConfigurationException("No target: call against(jdbi, \"SELECT … FROM …\") before run()");
        }
        if (keyColumns.isEmpty()) {
            throw new DiffConfigurationException("No key: call matchingOn(\"id\") with the target's key column(s) before run()");
        }
        return DiffRunner.run(spec());
    }

    /** This builder's settings, frozen for the run. */
    private DiffSpec spec() {
        DiffSource side = new DiffSource(source, source.uniqueKeys(), source.rowsInMemory(), source.jdbi(), source::row);
        return new DiffSpec(side, targetJdbi, targetQuery, targetName(), keyColumns, renames, ignored, jsonColumns, keyMappers,
                transform, merge, droppedRows, extraRows, numericScale, timestampTolerance, timeZone, keep, file, name, mode);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(DataDiff::lower).toList();
    }

    @Override
    public String toString() {
        return "DataDiff[" + source + " against " + targetQuery + " matched on " + keyColumns + "]";
    }
}
