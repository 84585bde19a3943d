package io.migratest.compare;

import io.migratest.MigratestException;
import io.migratest.compare.internal.BucketComparison;
import io.migratest.compare.internal.DeclaredKeys;
import io.migratest.compare.internal.DifferenceSink;
import io.migratest.compare.internal.Merge;
import io.migratest.compare.internal.PrefetchingRows;
import io.migratest.compare.internal.QueryColumn;
import io.migratest.compare.internal.ResultCursor;
import io.migratest.compare.internal.RowEncoding;
import io.migratest.compare.internal.Sql;
import io.migratest.compare.internal.Values;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
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
import org.jdbi.v3.core.Handle;
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
        // one connection for everything known before the rows are read: each new one costs milliseconds
        List<QueryColumn> target;
        Plan plan;
        Sql flavour;
        InDatabase inDatabase;
        try (Handle handle = targetJdbi.open()) {
            flavour = Sql.of(handle.getConnection());
            target = targetColumns(handle);
            plan = new Plan(target);
            inDatabase = comparesInDatabase(flavour) ? inDatabase(plan, handle, flavour) : null;
        } catch (SQLException e) {
            throw new DiffConfigurationException("Reading the columns for the comparison with " + targetName() + " failed: "
                    + e.getMessage(), e);
        }
        try {
            String sourceQuery = source.isInMemory() ? null : "SELECT * FROM " + source.sideTable().orElseThrow();
            String targetRows = targetQuery;
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
            throw new DiffConfigurationException("Reading rows for the comparison with " + targetName() + " failed: "
                    + e.getMessage(), e);
        } catch (Exception e) {
            throw new MigratestException("The comparison with " + targetName() + " failed: " + e, e);
        }
    }

    /**
     * The streaming merge of the expected rows (from {@code sourceQuery} when the snapshot is in a
     * side table) with {@code targetRows}; {@code matched} rows found equal in the database are added.
     */
    private DiffReport merge(Plan plan, Sql flavour, List<QueryColumn> target, String sourceQuery, String targetRows,
                             long matched) throws Exception {
        try (DifferenceSink sink = new DifferenceSink(keep, file != null ? file : defaultFile(), file != null, targetName());
             // started first, so that the target query starts (and sorts) while the source one does
             PrefetchingRows<Object[]> actual = PrefetchingRows.start("migratest-diff-target-reader",
                     () -> targetReader(plan, flavour, target, targetRows));
             ExpectedRows expected = plan.expectedRows(sourceQuery)) {
            Merge merge = new Merge(plan.mergePlan(), sink);
            Merge.Counts counts = merge.run(expected::next, actual);
            return new DiffReport(targetName(), keyColumns, expected.sourceRows + matched, expected.dropped,
                    counts.expected + matched, counts.target + matched, counts.equal + matched, counts.changed,
                    counts.missing, counts.unexpected, counts.duplicates, counts.extraAsExpected, sink.kept(), sink.file());
        }
    }

    /** The target rows in key order, decoded for the merge; opened, read and closed on the reader thread. */
    private PrefetchingRows.Reader<Object[]> targetReader(Plan plan, Sql flavour, List<QueryColumn> target,
                                                          String targetRows) throws SQLException {
        ResultCursor cursor = ResultCursor.open(targetJdbi, QueryColumn.orderedBy(flavour, targetRows, target, keyColumns));
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
            return QueryColumn.of(handle.getConnection(), targetQuery);
        } catch (SQLException e) {
            throw new DiffConfigurationException("The target query failed:\n  " + targetQuery + "\n" + e.getMessage()
                    + "\n=> check that it runs on the migrated database", e);
        }
    }

    /**
     * Whether to try the database first: always in {@link Mode#IN_DATABASE}; in {@link Mode#AUTO} on
     * PostgreSQL only, where hashing in the server beat reading the rows. On MySQL and MariaDB it
     * did not (BENCHMARKS.md), so AUTO streams there.
     */
    private boolean comparesInDatabase(Sql flavour) {
        return mode == Mode.IN_DATABASE || mode == Mode.AUTO && flavour == Sql.POSTGRES;
    }

    /** The in-database comparison of this diff, or {@code null} (or a failure in IN_DATABASE mode) when it cannot run. */
    private InDatabase inDatabase(Plan plan, Handle handle, Sql flavour) throws SQLException {
        String why = whyNotInDatabase();
        InDatabase result = null;
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
        if (why != null && mode == Mode.IN_DATABASE) {
            throw new DiffConfigurationException("The comparison with " + targetName() + " cannot run in the database: "
                    + why + " => use mode(Mode.AUTO) to fall back to the streaming merge, or remove what needs Java");
        }
        return result;
    }

    private String whyNotInDatabase() {
        if (source.isInMemory()) {
            return "the source snapshot is held in memory (" + source.rowCount() + " rows, not more than "
                    + Snapshot.maxRowsInMemory() + "), not in a side table; take it with Snapshot.inDatabase(...)";
        }
        if (transform != null || merge != null || !keyMappers.isEmpty()) {
            return "the expected rows come from a Java function (expecting, expectingRows, merging or mappingKey)";
        }
        if (droppedRows != null || extraRows != null) {
            return "expectingMissing/expectingExtra take Java predicates";
        }
        if (!jsonColumns.isEmpty()) {
            return "comparingAsJson compares parsed JSON";
        }
        if (numericScale != null || !timestampTolerance.isZero()) {
            return "numericScale/timestampTolerance compare with a tolerance";
        }
        return null;
    }

    /** The bucket comparison of both sides on the target's server. */
    private final class InDatabase {
        final Sql flavour;
        final BucketComparison.Side source;
        final BucketComparison.Side target;
        final boolean sourceKeysUnique;

        InDatabase(Sql flavour, BucketComparison.Side source, BucketComparison.Side target, boolean sourceKeysUnique) {
            this.flavour = flavour;
            this.source = source;
            this.target = target;
            this.sourceKeysUnique = sourceKeysUnique;
        }

        /** The buckets, or {@code null} when the streaming merge should read everything. */
        BucketComparison.Outcome compare() throws SQLException {
            BucketComparison.Outcome outcome = BucketComparison.run(targetJdbi, flavour, source, target, sourceKeysUnique);
            // when many rows differ, filtering by bucket would cost more than it saves
            return outcome == null || outcome.differingRows() > outcome.totalRows() / 4 ? null : outcome;
        }
    }

    private Path defaultFile() {
        String base = name != null ? name : callerName();
        Path dir = io.migratest.db.internal.JdbiSettings.of(targetJdbi).get(io.migratest.db.Setting.DIFFS_DIR);
        return dir.resolve(base.replaceAll("[^A-Za-z0-9_.-]", "_"));
    }

    private String callerName() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(frame -> !isFramework(frame.getClassName()))
                .findFirst()
                .map(frame -> simpleName(frame.getClassName()) + "."
                        + frame.getMethodName().replaceFirst("^lambda\\$", "").replaceFirst("\\$\\d+$", ""))
                .orElse(targetName()));
    }

    private static boolean isFramework(String className) {
        String simple = simpleName(className);
        boolean migratestApi = className.equals("io.migratest.compare.DataDiff") || className.startsWith("io.migratest.compare.DataDiff$")
                || className.startsWith("io.migratest.compare.internal.")
                || className.startsWith("io.migratest.assertj.") && (simple.endsWith("Assert") || simple.endsWith("Assertions"));
        return migratestApi || className.startsWith("org.assertj.") || className.startsWith("java.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.contains("$ByteBuddy$") || className.contains("$$Lambda");
    }

    private static String simpleName(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        return nested > 0 ? simple.substring(0, nested) : simple;
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

    /** The settings resolved against the columns of both sides. */
    private final class Plan {
        final List<String> targetColumns;
        final int[] keyIndexes;
        final int[] compared;
        final int[] sourceIndex;
        final boolean[] json;
        final boolean[] ignoredColumn;
        final List<Function<Row, ?>> keyMapperByKey = new ArrayList<>();

        Plan(List<QueryColumn> target) {
            targetColumns = target.stream().map(QueryColumn::name).toList();
            keyIndexes = new int[keyColumns.size()];
            for (int i = 0; i < keyIndexes.length; i++) {
                keyIndexes[i] = targetIndex(keyColumns.get(i), "key column (matchingOn)");
                keyMapperByKey.add(keyMappers.get(keyColumns.get(i)));
            }
            ignoredColumn = new boolean[targetColumns.size()];
            for (String column : ignored) {
                ignoredColumn[targetIndex(column, "ignored column")] = true;
            }
            json = new boolean[targetColumns.size()];
            for (String column : jsonColumns) {
                json[targetIndex(column, "JSON column")] = true;
            }
            for (String keyColumn : keyMappers.keySet()) {
                if (!keyColumns.contains(keyColumn)) {
                    throw new DiffConfigurationException("mappingKey(\"" + keyColumn + "\", …) names a column that is not a key:"
                            + " the key is " + keyColumns + " => add it to matchingOn(...) or use expecting(...) for other columns");
                }
            }
            List<String> sourceColumns = source.columns();
            sourceIndex = new int[targetColumns.size()];
            Arrays.fill(sourceIndex, -1);
            renames.forEach((from, to) -> {
                if (!sourceColumns.contains(from)) {
                    throw new DiffConfigurationException("renaming(\"" + from + "\", \"" + to + "\"): the source has no column "
                            + from + " => its columns are " + sourceColumns);
                }
                sourceIndex[targetIndex(to, "renamed column")] = sourceColumns.indexOf(from);
            });
            for (int t = 0; t < targetColumns.size(); t++) {
                int s = sourceColumns.indexOf(targetColumns.get(t));
                if (sourceIndex[t] < 0 && s >= 0 && !renames.containsKey(targetColumns.get(t))) {
                    sourceIndex[t] = s;
                }
            }
            List<Integer> comparedList = new ArrayList<>();
            for (int t = 0; t < targetColumns.size(); t++) {
                if (!ignoredColumn[t] && !keyColumns.contains(targetColumns.get(t))) {
                    comparedList.add(t);
                }
            }
            compared = comparedList.stream().mapToInt(Integer::intValue).toArray();
            if (transform == null) {
                checkEveryColumnHasASource();
            }
        }

        private void checkEveryColumnHasASource() {
            for (int t = 0; t < targetColumns.size(); t++) {
                String column = targetColumns.get(t);
                boolean isKey = keyColumns.contains(column);
                boolean mapped = isKey && keyMappers.containsKey(column);
                if (sourceIndex[t] < 0 && !ignoredColumn[t] && !mapped && (merge == null || isKey)) {
                    throw new DiffConfigurationException("The target column " + column + " of " + targetName()
                            + " has no expected value: the source snapshot has no column of that name (its columns are "
                            + source.columns() + ") => renaming(\"<source column>\", \"" + column + "\"), ignoring(\"" + column
                            + "\"), or produce it in expecting(...)" + (isKey ? " or mappingKey(...)" : ""));
                }
            }
        }

        private int targetIndex(String column, String role) {
            int index = targetColumns.indexOf(column);
            if (index < 0) {
                throw new DiffConfigurationException("The " + role + " " + column + " is not returned by the target query\n  "
                        + targetQuery + "\n=> its columns are " + targetColumns);
            }
            return index;
        }

        Merge.Plan mergePlan() {
            String hint = source.isInMemory() ? "The transform or key mapping yields one key twice or out of order"
                    : "The source snapshot is kept in the side table " + source.sideTable().orElse("")
                    + " (it has more rows than " + Snapshot.maxRowsInMemory() + ") and is read in the order of its columns "
                    + sourceOrderColumns() + "; the expected keys must follow that order"
                    + " => derive the key from source columns by renaming(...) only, or raise -Dmigratest.snapshot.maxRowsInMemory";
            Predicate<Row> extra = extraRows == null ? null : row -> {
                try {
                    return extraRows.test(row);
                } catch (RuntimeException e) {
                    throw new TransformFailedException("The expectingExtra(...) predicate threw for the target row " + row
                            + ": " + e + " => fix the predicate", e);
                }
            };
            return new Merge.Plan(targetName(), targetColumns, keyIndexes, compared,
                    new Values.Tolerances(numericScale, timestampTolerance, timeZone), extra, hint);
        }

        Object[] readTarget(Object[] row) {
            if (row != null) {
                toJson(row);
            }
            return row;
        }

        private void toJson(Object[] values) {
            for (int i = 0; i < json.length; i++) {
                if (json[i] && values[i] instanceof String text) {
                    values[i] = Values.canonical(parseOrText(text));
                }
            }
        }

        private Object parseOrText(String text) {
            try {
                return Values.parseJson(text);
            } catch (IllegalArgumentException e) {
                return text;
            }
        }

        /** Source columns that give the key directly, in key order, as far as they go. */
        List<String> sourceOrderColumns() {
            List<String> columns = new ArrayList<>();
            for (int k = 0; k < keyIndexes.length; k++) {
                int s = sourceIndex[keyIndexes[k]];
                if (s < 0 || keyMapperByKey.get(k) != null) {
                    break;
                }
                columns.add(source.columns().get(s));
            }
            return columns;
        }

        ExpectedRows expectedRows(String sourceQuery) throws SQLException {
            return new ExpectedRows(this, sourceQuery);
        }

        /** The encoded columns of both sides (key first, then compared ones), or {@code null} with the reason. */
        InDatabase inDatabase(Sql flavour, String sideQuery, List<RowEncoding.Described> sourceColumns,
                              List<RowEncoding.Described> targetColumns, List<Set<String>> targetUniqueKeys,
                              StringBuilder reason) {
            List<Integer> parts = new ArrayList<>();
            for (int k : keyIndexes) {
                parts.add(k);
            }
            for (int c : compared) {
                parts.add(c);
            }
            List<RowEncoding.Column> sourceKey = new ArrayList<>();
            List<RowEncoding.Column> sourceRow = new ArrayList<>();
            List<RowEncoding.Column> targetKey = new ArrayList<>();
            List<RowEncoding.Column> targetRow = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                int t = parts.get(i);
                RowEncoding.Described to = targetColumns.get(t);
                RowEncoding.Described from = sourceIndex[t] < 0 ? null : sourceColumns.get(sourceIndex[t]);
                if (from == null || to.kind() == null || from.kind() != to.kind()) {
                    reason.append("the column ").append(to.name()).append(" is not of one type the database can encode on both"
                            + " sides (source ").append(from == null ? "none" : String.valueOf(from.kind())).append(", target ")
                            .append(to.kind()).append(")");
                    return null;
                }
                int scale = Math.max(from.scale(), to.scale());
                RowEncoding.Column s = new RowEncoding.Column(flavour.quote(from.label()), from.kind(), scale, from.scale());
                RowEncoding.Column d = new RowEncoding.Column(flavour.quote(to.label()), to.kind(), scale, to.scale());
                sourceRow.add(s);
                targetRow.add(d);
                if (i < keyIndexes.length) {
                    sourceKey.add(s);
                    targetKey.add(d);
                }
            }
            List<String> sourceKeyNames = new ArrayList<>();
            for (int k : keyIndexes) {
                sourceKeyNames.add(source.columns().get(sourceIndex[k]));
            }
            boolean unique = DeclaredKeys.covers(source.uniqueKeys(), sourceKeyNames)
                    || DeclaredKeys.covers(targetUniqueKeys, keyColumns);
            return new InDatabase(flavour, new BucketComparison.Side(sideQuery, sourceKey, sourceRow),
                    new BucketComparison.Side(targetQuery, targetKey, targetRow), unique);
        }

        /** The key of a source row, for merges and sorting. */
        Object[] sourceKey(Object[] values, Row row) {
            Object[] key = new Object[keyIndexes.length];
            for (int k = 0; k < key.length; k++) {
                Function<Row, ?> mapper = keyMapperByKey.get(k);
                key[k] = mapper != null ? applyKeyMapper(mapper, row, values, k) : values[sourceIndex[keyIndexes[k]]];
            }
            return key;
        }

        private Object applyKeyMapper(Function<Row, ?> mapper, Row row, Object[] values, int k) {
            try {
                return Values.canonical(mapper.apply(row != null ? row : source.row(values)));
            } catch (RuntimeException e) {
                throw new TransformFailedException("mappingKey(\"" + keyColumns.get(k) + "\", …) threw for the source row "
                        + source.row(values) + ": " + e + " => fix the key mapping", e);
            }
        }

        boolean isDropped(Row row) {
            try {
                return droppedRows.test(row);
            } catch (RuntimeException e) {
                throw new TransformFailedException("The expectingMissing(...) predicate threw for the source row " + row
                        + ": " + e + " => fix the predicate", e);
            }
        }

        /** Expected rows of one source row (none when it is declared as dropped). */
        List<Merge.Expected> expand(Object[] values) {
            Row row = transform != null || droppedRows != null || !keyMappers.isEmpty() ? source.row(values) : null;
            if (droppedRows != null && isDropped(row)) {
                return null;
            }
            if (transform == null) {
                return List.of(expected(values, row, null));
            }
            Collection<Row> outputs;
            try {
                outputs = transform.apply(row);
            } catch (RuntimeException e) {
                throw new TransformFailedException("The expected transform threw for the source row " + describeSource(values)
                        + ": " + e + " => fix the transform, or declare such rows with expectingMissing(...)", e);
            }
            if (outputs == null) {
                throw new TransformFailedException("The expected transform returned null for the source row "
                        + describeSource(values) + " => return a Row (or an empty list from expectingRows for none)");
            }
            List<Merge.Expected> result = new ArrayList<>(outputs.size());
            for (Row output : outputs) {
                result.add(expected(values, row, output));
            }
            if (result.size() > 1) {
                result.sort(this::compareExpected);
            }
            return result;
        }

        Merge.Expected mergeGroup(List<Object[]> group) {
            List<Row> rows = group.stream().map(source::row).toList();
            Row output;
            try {
                output = merge.apply(rows);
            } catch (RuntimeException e) {
                throw new TransformFailedException("The merge function threw for the " + rows.size() + " source rows with key "
                        + keyText(sourceKey(group.get(0), rows.get(0))) + ": " + e + " => fix the merge function", e);
            }
            if (output == null) {
                throw new TransformFailedException("The merge function returned null for the source rows with key "
                        + keyText(sourceKey(group.get(0), rows.get(0))));
            }
            Object[] key = sourceKey(group.get(0), rows.get(0));
            Object[] values = new Object[targetColumns.size()];
            checkColumns(output, rows.get(0));
            for (int t = 0; t < targetColumns.size(); t++) {
                String column = targetColumns.get(t);
                if (output.has(column)) {
                    values[t] = Values.canonical(output.get(column));
                } else if (!ignoredColumn[t] && !keyColumns.contains(column)) {
                    throw missingValue(column, rows.get(0), output);
                }
            }
            for (int k = 0; k < key.length; k++) {
                values[keyIndexes[k]] = key[k];
            }
            toJson(values);
            return new Merge.Expected(key, values, rows.size() + " source rows with key " + keyText(key));
        }

        private Merge.Expected expected(Object[] sourceValues, Row sourceRow, Row output) {
            Object[] values = new Object[targetColumns.size()];
            if (output != null) {
                checkColumns(output, sourceRow);
            }
            for (int t = 0; t < values.length; t++) {
                String column = targetColumns.get(t);
                if (output != null && output.has(column)) {
                    values[t] = Values.canonical(output.get(column));
                } else if (sourceIndex[t] >= 0) {
                    values[t] = sourceValues[sourceIndex[t]];
                } else if (!ignoredColumn[t] && !keyMappers.containsKey(column)) {
                    throw missingValue(column, sourceRow, output);
                }
            }
            Object[] key = new Object[keyIndexes.length];
            for (int k = 0; k < key.length; k++) {
                Function<Row, ?> mapper = keyMapperByKey.get(k);
                if (mapper != null) {
                    values[keyIndexes[k]] = applyKeyMapper(mapper, sourceRow, sourceValues, k);
                }
                key[k] = values[keyIndexes[k]];
            }
            toJson(values);
            Object origin = sourceRow != null ? sourceRow : new SourceText(source, sourceValues);
            return new Merge.Expected(key, values, origin);
        }

        private void checkColumns(Row output, Row sourceRow) {
            for (String column : output.columns()) {
                if (!targetColumns.contains(column)) {
                    throw new DiffConfigurationException("The expected row " + output + " (of the source row " + sourceRow
                            + ") has the column " + column + ", which the target query does not return\n  " + targetQuery
                            + "\n=> its columns are " + targetColumns + "; add the column to the query or drop it from the transform");
                }
            }
        }

        private DiffConfigurationException missingValue(String column, Row sourceRow, Row output) {
            return new DiffConfigurationException("The target column " + column + " of " + targetName()
                    + " has no expected value for the source row " + sourceRow + ": the transform returned " + output
                    + " and the source has no column " + column + " => produce it in the transform, rename a source column to it,"
                    + " or ignoring(\"" + column + "\")");
        }

        private String describeSource(Object[] values) {
            List<String> keyParts = new ArrayList<>();
            for (int k = 0; k < keyIndexes.length; k++) {
                int s = sourceIndex[keyIndexes[k]];
                if (s >= 0) {
                    keyParts.add(keyColumns.get(k) + "=" + Values.render(values[s]));
                }
            }
            return source.row(values) + (keyParts.isEmpty() ? "" : " (key " + String.join(", ", keyParts) + ")");
        }

        int compareExpected(Merge.Expected a, Merge.Expected b) {
            return compareKeyArrays(a.key(), b.key());
        }

        int compareKeyArrays(Object[] a, Object[] b) {
            for (int i = 0; i < a.length; i++) {
                int c;
                try {
                    c = Values.compareKeys(a[i], b[i]);
                } catch (Values.Incomparable e) {
                    throw new IncomparableValuesException("Cannot order the expected keys " + keyText(a) + " and " + keyText(b)
                            + ": column " + keyColumns.get(i) + " holds " + Values.typeOf(a[i]) + " and " + Values.typeOf(b[i])
                            + " => make the transform or key mapping produce one type for the key");
                }
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }

        String keyText(Object[] key) {
            List<String> parts = new ArrayList<>();
            for (int k = 0; k < key.length; k++) {
                parts.add(keyColumns.get(k) + "=" + Values.render(key[k]));
            }
            return "(" + String.join(", ", parts) + ")";
        }
    }

    /** A source row rendered only when a message needs it. */
    private record SourceText(Snapshot snapshot, Object[] values) {
        @Override
        public String toString() {
            return snapshot.row(values).toString();
        }
    }

    /** The expected rows in key order: sorted in memory for small snapshots, streamed from the side table else. */
    private final class ExpectedRows implements AutoCloseable {
        private final Plan plan;
        private final ResultCursor cursor;
        private Iterator<Merge.Expected> sorted;
        private final List<Merge.Expected> pending = new ArrayList<>();
        private int pendingIndex;
        private Object[] lookahead;
        long sourceRows;
        long dropped;

        ExpectedRows(Plan plan, String side) throws SQLException {
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
}
