package io.migratest.check.internal;

import io.migratest.check.internal.RowGenerator.TableRows;
import io.migratest.db.internal.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes generated rows in bulk: {@code COPY} where the engine has it, else multi-row INSERTs.
 * A refused batch is written again row by row to find the refused rows, and a refused row is
 * tried with plain values and new numbers (a probe row with NULL or a boundary value the
 * column does not take, a key a migration used already), so that seeding still inserts every
 * row it can.
 */
final class SeedWriter {

    private static final int COPY_CHUNK = 50_000;
    private static final int INSERT_CHUNK = 1_000;
    /** A seeding up to this size is sent as one batch; a larger one sends its four probe rows first, alone. */
    private static final int ONE_BATCH = 100;
    private static final int PROBE_ROWS = 4;
    /** Values tried per row before the row counts as refused: the first and three with new numbers. */
    private static final int ATTEMPTS = 4;

    private final Dialect dialect;

    SeedWriter(Dialect dialect) {
        this.dialect = dialect;
    }

    /** How many rows of a table went in, and why not all. */
    record Filled(int inserted, String reason) {
    }

    /**
     * Writes {@code count} new rows in batches; a refused batch is written row by row, and a
     * refused row is tried again with plain values and new numbers.
     */
    Filled write(Connection connection, TableRows rows, int count) throws SQLException {
        if (rows.defaultsOnly()) {
            return writeDefaults(connection, rows, count);
        }
        int chunkSize = dialect.loadsWithCopy() ? COPY_CHUNK : INSERT_CHUNK;
        int inserted = 0;
        String firstError = null;
        int index = 0;
        while (index < count) {
            int size = index > 0 ? Math.min(chunkSize, count - index) : count <= ONE_BATCH ? count : PROBE_ROWS;
            List<String[]> chunk = new ArrayList<>(size);
            String exhausted = null;
            try {
                for (int k = 0; k < size; k++) {
                    chunk.add(rows.row(ColumnRule.Variant.ofRow(index + k)));
                }
            } catch (ColumnRule.Exhausted e) {
                exhausted = e.getMessage();
            }
            if (!chunk.isEmpty()) {
                try {
                    writeBatch(connection, rows, chunk);
                    inserted += chunk.size();
                } catch (SQLException batchRefused) {
                    RowByRow one = writeOneByOne(connection, rows, chunk);
                    inserted += one.inserted();
                    firstError = firstError != null ? firstError : one.firstError();
                    exhausted = exhausted != null ? exhausted : one.exhausted();
                }
            }
            if (exhausted != null) {
                return new Filled(inserted, exhausted);
            }
            index += size;
        }
        return new Filled(inserted, inserted < count ? "the database refused the others: " + firstError : null);
    }

    private void writeBatch(Connection connection, TableRows rows, List<String[]> chunk) throws SQLException {
        if (dialect.loadsWithCopy()) {
            dialect.copyText(connection, dialect.quote(rows.table()), rows.quotedColumns(), rows.copyText(chunk));
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(rows.insert(chunk));
        }
    }

    private record RowByRow(int inserted, String firstError, String exhausted) {
    }

    private RowByRow writeOneByOne(Connection connection, TableRows rows, List<String[]> chunk) throws SQLException {
        int inserted = 0;
        String firstError = null;
        try (Statement statement = connection.createStatement()) {
            for (String[] first : chunk) {
                String[] row = first;
                String refusal = null;
                for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                    try {
                        statement.executeUpdate(rows.insert(java.util.Collections.singletonList(row)));
                        inserted++;
                        refusal = null;
                        break;
                    } catch (SQLException refused) {
                        refusal = refused.getMessage();
                    }
                    if (attempt < ATTEMPTS) {
                        try {
                            row = rows.row(ColumnRule.Variant.PLAIN);
                        } catch (ColumnRule.Exhausted e) {
                            return new RowByRow(inserted, firstError != null ? firstError : refusal, e.getMessage());
                        }
                    }
                }
                firstError = firstError != null ? firstError : refusal;
            }
        }
        return new RowByRow(inserted, firstError, null);
    }

    private Filled writeDefaults(Connection connection, TableRows rows, int count) throws SQLException {
        int inserted = 0;
        String firstError = null;
        try (Statement statement = connection.createStatement()) {
            for (int i = 0; i < count; i++) {
                try {
                    statement.execute(rows.insert());
                    inserted++;
                } catch (SQLException e) {
                    firstError = firstError != null ? firstError : e.getMessage();
                }
            }
        }
        return new Filled(inserted, "the database refused the others: " + firstError);
    }

}
