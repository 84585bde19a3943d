package io.migratest.compare.internal;

import io.migratest.compare.DataDiff;
import io.migratest.compare.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;

/**
 * What a {@code DataDiff} was configured to do, frozen when it runs; the planner and runner read
 * it. Names are lower case, as the builder stores them; see {@link DataDiff} for each setting.
 *
 * @param transform the expected rows of one source row, or {@code null}
 * @param merge     the expected row of a group of source rows with one key, or {@code null}
 * @param file      the exact differences file, or {@code null} for one under the diffs directory
 * @param name      the base name of that file, or {@code null} for the caller's name
 */
public record DiffSpec(
        DiffSource source,
        Jdbi targetJdbi,
        String targetQuery,
        String targetName,
        List<String> keyColumns,
        Map<String, String> renames,
        Set<String> ignored,
        Set<String> jsonColumns,
        Map<String, Function<Row, ?>> keyMappers,
        Function<Row, ? extends Collection<Row>> transform,
        Function<List<Row>, Row> merge,
        Predicate<Row> droppedRows,
        Predicate<Row> extraRows,
        Integer numericScale,
        Duration timestampTolerance,
        ZoneId timeZone,
        int keep,
        Path file,
        String name,
        DataDiff.Mode mode) {

    public DiffSpec {
        keyColumns = List.copyOf(keyColumns);
        // insertion order matters: the first bad setting is the one reported
        renames = Collections.unmodifiableMap(new LinkedHashMap<>(renames));
        ignored = Collections.unmodifiableSet(new LinkedHashSet<>(ignored));
        jsonColumns = Collections.unmodifiableSet(new LinkedHashSet<>(jsonColumns));
        keyMappers = Collections.unmodifiableMap(new LinkedHashMap<>(keyMappers));
    }
}
