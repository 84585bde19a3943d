package io.migratest.check.internal;

import io.migratest.check.internal.RowGenerator.TableRows;
import io.migratest.db.internal.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
        // A large seeding runs in one transaction (a commit per batch would cost a log flush each),
        // each batch and retried row behind a savepoint so that a refusal undoes only itself.
        boolean transaction = count > ONE_BATCH && connection.getAutoCommit();
        if (!transaction) {
            return writeChunks(connection, rows, count, false);
        }
        connection.setAutoCommit(false);
        boolean committed = false;
        try {
            Filled filled = writeChunks(connection, rows, count, true);
            connection.commit();
            committed = true;
            return filled;
        } finally {
            if (!committed) {
                connection.rollback();
            }
            connection.setAutoCommit(true);
        }
    }

    /** The rows of one batch, the text that sends them, and why generation stopped early (or {@code null}). */
    private record Chunk(List<String[]> rows, String payload, String exhausted) {
    }

    private Chunk chunk(TableRows rows, int index, int size) {
        List<String[]> chunk = new ArrayList<>(size);
        String exhausted = null;
        try {
            for (int k = 0; k < size; k++) {
                chunk.add(rows.row(ColumnRule.Variant.ofRow(index + k)));
            }
        } catch (ColumnRule.Exhausted e) {
            exhausted = e.getMessage();
        }
        String payload = chunk.isEmpty() ? null : dialect.loadsWithCopy() ? rows.copyText(chunk) : rows.insert(chunk);
        return new Chunk(chunk, payload, exhausted);
    }

    /**
     * Writes the chunks; a large seeding makes the next chunk on a second thread while the
     * server takes the current one, so generating costs little more than loading.
     */
    private Filled writeChunks(Connection connection, TableRows rows, int count, boolean large) throws SQLException {
        int chunkSize = dialect.loadsWithCopy() ? COPY_CHUNK : INSERT_CHUNK;
        ExecutorService maker = large ? Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "migratest-row-generator-" + rows.table());
            thread.setDaemon(true);
            return thread;
        }) : null;
        try {
            int inserted = 0;
            String firstError = null;
            int index = 0;
            int size = count <= ONE_BATCH ? count : PROBE_ROWS;
            Future<Chunk> next = submit(maker, rows, index, size);
            while (index < count) {
                Chunk chunk = await(next);
                int following = index + size;
                int followingSize = Math.min(chunkSize, count - following);
                if (following < count && chunk.exhausted() == null) {
                    next = submit(maker, rows, following, followingSize);
                }
                String exhausted = chunk.exhausted();
                if (!chunk.rows().isEmpty()) {
                    try {
                        guarded(connection, large, () -> writeBatch(connection, rows, chunk.payload()));
                        inserted += chunk.rows().size();
                    } catch (SQLException batchRefused) {
                        RowByRow one = writeOneByOne(connection, rows, chunk.rows(), large);
                        inserted += one.inserted();
                        firstError = firstError != null ? firstError : one.firstError();
                        exhausted = exhausted != null ? exhausted : one.exhausted();
                    }
                }
                if (exhausted != null) {
                    return new Filled(inserted, exhausted);
                }
                index = following;
                size = followingSize;
            }
            return new Filled(inserted, inserted < count ? "the database refused the others: " + firstError : null);
        } finally {
            if (maker != null) {
                maker.shutdownNow();
            }
        }
    }

    private Future<Chunk> submit(ExecutorService maker, TableRows rows, int index, int size) {
        return maker != null ? maker.submit(() -> chunk(rows, index, size))
                : CompletableFuture.completedFuture(chunk(rows, index, size));
    }

    private static Chunk await(Future<Chunk> chunk) throws SQLException {
        try {
            return chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while generating rows", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SQLException("generating rows failed: " + e.getCause(), e.getCause());
        }
    }

    private void writeBatch(Connection connection, TableRows rows, String payload) throws SQLException {
        if (dialect.loadsWithCopy()) {
            dialect.copyText(connection, dialect.quote(rows.table()), rows.quotedColumns(), payload);
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(payload);
        }
    }

    private record RowByRow(int inserted, String firstError, String exhausted) {
    }

    /** One write; in a transaction behind a savepoint, so that a refused write leaves the transaction usable. */
    private static void guarded(Connection connection, boolean transaction, Write write) throws SQLException {
        if (!transaction) {
            write.run();
            return;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            write.run();
        } catch (SQLException e) {
            connection.rollback(savepoint);
            throw e;
        }
        connection.releaseSavepoint(savepoint);
    }

    private interface Write {
        void run() throws SQLException;
    }

    private RowByRow writeOneByOne(Connection connection, TableRows rows, List<String[]> chunk, boolean transaction)
            throws SQLException {
        int inserted = 0;
        String firstError = null;
        try (Statement statement = connection.createStatement()) {
            for (String[] first : chunk) {
                String[] row = first;
                String refusal = null;
                for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                    String sql = rows.insert(Collections.singletonList(row));
                    try {
                        guarded(connection, transaction, () -> statement.executeUpdate(sql));
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
