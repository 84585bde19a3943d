package io.migratest.compare;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Rows captured from a table or query at one moment, kept after the migration has changed or
 * dropped their source.
 *
 * <pre>{@code
 * Snapshot before = Snapshot.of(jdbi, "SELECT id, name, email FROM source_table");
 * migrator.migrate();
 * assertThat(jdbi).table("users").hasSameRowCountAs(before);
 * }</pre>
 *
 * @param query   the query the rows came from
 * @param columns the column names, lower case, in order
 * @param rows    the rows, in the order the query returned them
 */
public record Snapshot(String query, List<String> columns, List<Row> rows) {

    public Snapshot {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** Runs {@code sql} and keeps every row it returns. */
    public static Snapshot of(Jdbi jdbi, String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).scanResultSet((supplier, context) -> {
            try (ResultSet rs = supplier.get()) {
                return capture(sql, rs);
            }
        }));
    }

    /** Keeps every row of {@code table}. */
    public static Snapshot ofTable(Jdbi jdbi, String table) {
        return of(jdbi, "SELECT * FROM " + table);
    }

    private static Snapshot capture(String sql, ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
        }
        List<Row> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 1; i <= columns.size(); i++) {
                values.put(columns.get(i - 1), rs.getObject(i));
            }
            rows.add(new Row(values));
        }
        return new Snapshot(sql, columns, rows);
    }

    /** How many rows were captured. */
    public long rowCount() {
        return rows.size();
    }

    @Override
    public String toString() {
        return "Snapshot[" + rows.size() + " rows of " + query + "]";
    }
}
