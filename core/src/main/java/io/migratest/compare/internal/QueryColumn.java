package io.migratest.compare.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * One column of a query's result, as its metadata describes it.
 *
 * @param name     the label in lower case
 * @param label    the label as the driver reports it, for quoting
 * @param jdbcType the {@link java.sql.Types} code
 * @param typeName the database type name
 */
public record QueryColumn(String name, String label, int jdbcType, String typeName) {

    /** The columns {@code sql} returns, found without reading a row. */
    public static List<QueryColumn> of(Jdbi jdbi, String sql) throws SQLException {
        try (Handle handle = jdbi.open()) {
            return of(handle.getConnection(), sql);
        }
    }

    public static List<QueryColumn> of(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(Sql.derived(sql) + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            List<QueryColumn> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String label = meta.getColumnLabel(i);
                columns.add(new QueryColumn(label.toLowerCase(Locale.ROOT), label, meta.getColumnType(i),
                        meta.getColumnTypeName(i)));
            }
            return columns;
        }
    }

    /** {@code sql} ordered by {@code keyColumns} in the order {@link Values#compareKeys} expects. */
    public static String orderedBy(Sql flavour, String sql, List<QueryColumn> columns, List<String> keyColumns) {
        StringBuilder order = new StringBuilder();
        for (String key : keyColumns) {
            QueryColumn column = columns.stream().filter(c -> c.name().equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no column " + key));
            order.append(order.length() == 0 ? " ORDER BY " : ", ")
                    .append(flavour.orderTerm(flavour.quote(column.label()), column.jdbcType(), column.typeName()));
        }
        return Sql.derived(sql) + order;
    }
}
