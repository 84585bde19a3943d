package io.migratest.compare.internal;

import io.migratest.compare.DiffConfigurationException;
import io.migratest.compare.IncomparableValuesException;
import io.migratest.compare.Row;
import io.migratest.compare.Snapshot;
import io.migratest.compare.TransformFailedException;
import io.migratest.db.Setting;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A diff's settings resolved against the columns of both sides: which target column is the key,
 * compared, ignored or JSON, which source column feeds it, and how a source row becomes its
 * expected rows. Configuration errors (a column that does not exist, a target column with no
 * expected value) are found here, before any row is read.
 */
final class DiffPlan {
    private final DiffSpec spec;
    private final DiffSource source;
    private final String targetQuery;
    private final List<String> keyColumns;
    private final Map<String, String> renames;
    private final Set<String> ignored;
    private final Set<String> jsonColumns;
    private final Map<String, Function<Row, ?>> keyMappers;
    private final Function<Row, ? extends Collection<Row>> transform;
    private final Function<List<Row>, Row> merge;
    private final Predicate<Row> droppedRows;
    private final Predicate<Row> extraRows;
    final List<String> targetColumns;
    final int[] keyIndexes;
    final int[] compared;
    final int[] sourceIndex;
    final boolean[] json;
    final boolean[] ignoredColumn;
    final List<Function<Row, ?>> keyMapperByKey = new ArrayList<>();

    DiffPlan(DiffSpec spec, List<QueryColumn> target) {
        this.spec = spec;
        source = spec.source();
        targetQuery = spec.targetQuery();
        keyColumns = spec.keyColumns();
        renames = spec.renames();
        ignored = spec.ignored();
        jsonColumns = spec.jsonColumns();
        keyMappers = spec.keyMappers();
        transform = spec.transform();
        merge = spec.merge();
        droppedRows = spec.droppedRows();
        extraRows = spec.extraRows();
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
                throw new DiffConfigurationException("The target column " + column + " of " + spec.targetName()
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
                + " => derive the key from source columns by renaming(...) only, or raise " + Setting.SNAPSHOT_MAX_ROWS_IN_MEMORY.key();
        Predicate<Row> extra = extraRows == null ? null : row -> {
            try {
                return extraRows.test(row);
            } catch (RuntimeException e) {
                throw new TransformFailedException("The expectingExtra(...) predicate threw for the target row " + row
                        + ": " + e + " => fix the predicate", e);
            }
        };
        return new Merge.Plan(spec.targetName(), targetColumns, keyIndexes, compared,
                new Values.Tolerances(spec.numericScale(), spec.timestampTolerance(), spec.timeZone()), extra, hint);
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
        return new ExpectedRows(spec, this, sourceQuery);
    }

    /** The encoded columns of both sides (key first, then compared ones), or {@code null} with the reason. */
    InDatabaseDiff inDatabase(Sql flavour, String sideQuery, List<RowEncoding.Described> sourceColumns,
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
        return new InDatabaseDiff(spec.targetJdbi(), flavour, new BucketComparison.Side(sideQuery, sourceKey, sourceRow),
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
        return new DiffConfigurationException("The target column " + column + " of " + spec.targetName()
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

/** A source row rendered only when a message needs it. */
private record SourceText(DiffSource snapshot, Object[] values) {
    @Override
    public String toString() {
        return snapshot.row(values).toString();
    }
}
}
