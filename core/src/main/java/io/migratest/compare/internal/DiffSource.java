package io.migratest.compare.internal;

import io.migratest.compare.Row;
import io.migratest.compare.Snapshot;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * The source side of a diff: a {@link Snapshot} with the parts of it only the diff may see
 * (its rows in memory, its connection, its declared keys), handed over by {@code DataDiff}.
 *
 * @param snapshot     the snapshot, for its public facts and messages
 * @param uniqueKeys   the column sets its table declares unique
 * @param rowsInMemory its rows, when it holds them in memory
 * @param jdbi         the connection its side table is read through
 * @param toRow        makes a {@link Row} of one row's values, in the snapshot's column order
 */
public record DiffSource(Snapshot snapshot, List<Set<String>> uniqueKeys, List<Object[]> rowsInMemory, Jdbi jdbi,
                         Function<Object[], Row> toRow) {

    public List<String> columns() {
        return snapshot.columns();
    }

    public long rowCount() {
        return snapshot.rowCount();
    }

    public boolean isInMemory() {
        return snapshot.isInMemory();
    }

    public Optional<String> sideTable() {
        return snapshot.sideTable();
    }

    public Row row(Object[] values) {
        return toRow.apply(values);
    }

    @Override
    public String toString() {
        return snapshot.toString();
    }
}
