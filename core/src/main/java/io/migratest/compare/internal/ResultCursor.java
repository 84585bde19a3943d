package io.migratest.compare.internal;

import io.migratest.db.internal.Dialect;
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
 * Rows of one query read through a server-side cursor, so that memory does not grow with the
 * result: PostgreSQL needs autocommit off and a fetch size, MySQL Connector/J a fetch size of
 * {@code Integer.MIN_VALUE}, MariaDB Connector/J 3 any positive fetch size.
 */
public final class ResultCursor implements AutoCloseable {

    static final int FETCH_SIZE = 2_000;

    private final Handle handle;
    private final boolean restoreAutoCommit;
    private final Statement statement;
    private final ResultSet resultSet;
    private final List<String> columns;
    private final ColumnKind[] kinds;
    private long rowsRead;

    private ResultCursor(Handle handle, boolean restoreAutoCommit, Statement statement, ResultSet resultSet)
            throws SQLException {
        this.handle = handle;
        this.restoreAutoCommit = restoreAutoCommit;
        this.statement = statement;
        this.resultSet = resultSet;
        ResultSetMetaData meta = resultSet.getMetaData();
        this.columns = columnLabels(meta);
        this.kinds = new ColumnKind[columns.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = ColumnKind.of(meta, i + 1);
        }
    }

    /** Opens {@code sql} on a new connection of {@code jdbi}. */
    public static ResultCursor open(Jdbi jdbi, String sql) throws SQLException {
        Handle handle = jdbi.open();
        try {
            Connection connection = handle.getConnection();
            boolean autoCommit = connection.getAutoCommit();
            Dialect dialect = Dialect.of(connection);
            boolean inTransaction = dialect.streamsInTransactionOnly() && autoCommit;
            if (inTransaction) {
                connection.setAutoCommit(false);
            }
            Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(dialect.streamingFetchSize(FETCH_SIZE));
            ResultSet rs = statement.executeQuery(sql);
            return new ResultCursor(handle, inTransaction, statement, rs);
        } catch (SQLException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    /** Lower-case column labels of a result. */
    public static List<String> columnLabels(ResultSetMetaData meta) throws SQLException {
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            labels.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        return labels;
    }

    /** The lower-case column labels, in query order. */
    public List<String> columns() {
        return columns;
    }

    /** The next row as canonical values in column order, or {@code null} at the end. */
    public Object[] next() throws SQLException {
        if (!resultSet.next()) {
            return null;
        }
        Object[] row = new Object[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            row[i] = kinds[i].read(resultSet, i + 1);
        }
        rowsRead++;
        return row;
    }

    /** How many rows {@link #next()} returned. */
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public void close() {
        try (handle) {
            try {
                resultSet.close();
                statement.close();
                if (restoreAutoCommit) {
                    Connection connection = handle.getConnection();
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                // the connection is closed next; a failure to release a cursor changes no result
            }
        }
    }
}
