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
 * Writes generated rows in bulk: {@code COPY} on PostgreSQL; {@code LOAD DATA LOCAL} from memory
 * on MySQL and MariaDB where the server and driver allow it ({@link Dialect#loadsLocalData}),
 * else multi-row INSERTs as large as a statement may reasonably be. A refused batch is written
 * again row by row to find the refused rows, and a refused row is tried with plain values and
 * new numbers (a probe row with NULL or a boundary value the column does not take, a key a
 * migration used already), so that seeding still inserts every row it can. {@code LOAD DATA
 * LOCAL} turns refusals into warnings and goes on, so a load with a warning or a missing row is
 * undone and its rows sent as INSERTs, which the server refuses as it would have.
 */
final class SeedWriter {

    /** Rows per {@code COPY} or {@code LOAD DATA} chunk. */
    private static final int BULK_CHUNK = 50_000;
    /** Characters a multi-row INSERT aims at: far from any {@code max_allowed_packet}, few round trips. */
    private static final int INSERT_CHARS = 1 << 20;
    private static final int INSERT_ROWS_MIN = 100;
    private static final int INSERT_ROWS_MAX = 20_000;
    /** Rows of the first INSERT chunk, before the length of a row is known. */
    private static final int INSERT_ROWS_FIRST = 1_000;
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

    /** How batches go to the server. */
    private enum Path { COPY, LOAD_DATA, INSERT }

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
            return writeChunks(connection, rows, count, false, dialect.loadsWithCopy() ? Path.COPY : Path.INSERT);
        }
        // LOAD DATA LOCAL only behind a savepoint: a load the server took in part must be undone
        Path path = dialect.loadsWithCopy() ? Path.COPY
                : dialect.loadsLocalData(connection) ? Path.LOAD_DATA : Path.INSERT;
        connection.setAutoCommit(false);
        boolean committed = false;
        try {
            Filled filled = writeChunks(connection, rows, count, true, path);
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

    /** The rows of one batch, what sends them, and why generation stopped early (or {@code null}). */
    private record Chunk(List<String[]> rows, String sql, byte[] data, String exhausted) {

        /** The length of the chunk's text, to size the next INSERT. */
        int length() {
            return sql != null ? sql.length() : data != null ? data.length : 0;
        }
    }

    private Chunk chunk(TableRows rows, int index, int size, Path path) {
        List<String[]> chunk = new ArrayList<>(size);
        String exhausted = null;
        try {
            for (int k = 0; k < size; k++) {
                chunk.add(rows.row(ColumnRule.Variant.ofRow(index + k)));
            }
        } catch (ColumnRule.Exhausted e) {
            exhausted = e.getMessage();
        }
        if (chunk.isEmpty()) {
            return new Chunk(chunk, null, null, exhausted);
        }
        return switch (path) {
            case COPY -> new Chunk(chunk, rows.copyText(chunk), null, exhausted);
            case LOAD_DATA -> new Chunk(chunk, null, rows.loadDataText(chunk), exhausted);
            case INSERT -> new Chunk(chunk, rows.insert(chunk), null, exhausted);
        };
    }

    /**
     * Writes the chunks; a large seeding makes the next chunk on a second thread while the
     * server takes the current one, so generating costs little more than loading.
     */
    private Filled writeChunks(Connection connection, TableRows rows, int count, boolean large, Path path)
            throws SQLException {
        ExecutorService maker = large ? Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "migratest-row-generator-" + rows.table());
            thread.setDaemon(true);
            return thread;
        }) : null;
        String loadData = path == Path.LOAD_DATA ? rows.loadDataStatement() : null;
        try {
            int inserted = 0;
            String firstError = null;
            int index = 0;
            int size = count <= ONE_BATCH ? count : PROBE_ROWS;
            int chunkSize = path == Path.INSERT ? INSERT_ROWS_FIRST : BULK_CHUNK;
            Future<Chunk> next = submit(maker, rows, index, size, path);
            while (index < count) {
                Chunk chunk = await(next);
                if (path == Path.INSERT && chunk.rows().size() >= PROBE_ROWS) {
                    // as many rows as make about INSERT_CHARS, from the length of this chunk's rows
                    long perRow = Math.max(1, chunk.length() / chunk.rows().size());
                    chunkSize = (int) Math.max(INSERT_ROWS_MIN, Math.min(INSERT_ROWS_MAX, INSERT_CHARS / perRow));
                }
                int following = index + size;
                int followingSize = Math.min(chunkSize, count - following);
                if (following < count && chunk.exhausted() == null) {
                    next = submit(maker, rows, following, followingSize, path);
                }
                String exhausted = chunk.exhausted();
                if (!chunk.rows().isEmpty()) {
                    RowByRow written = writeBatch(connection, rows, chunk, large, loadData);
                    inserted += written.inserted();
                    firstError = firstError != null ? firstError : written.firstError();
                    exhausted = exhausted != null ? exhausted : written.exhausted();
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

    private Future<Chunk> submit(ExecutorService maker, TableRows rows, int index, int size, Path path) {
        return maker != null ? maker.submit(() -> chunk(rows, index, size, path))
                : CompletableFuture.completedFuture(chunk(rows, index, size, path));
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

    /** One chunk in one write; when refused, its rows as INSERTs (a load's) or one by one (an INSERT's). */
    private RowByRow writeBatch(Connection connection, TableRows rows, Chunk chunk, boolean large, String loadData)
            throws SQLException {
        try {
            guarded(connection, large, () -> {
                if (chunk.data() != null) {
                    Dialect.LocalLoad load = dialect.loadLocalData(connection, loadData, chunk.data());
                    if (!load.clean(chunk.rows().size())) {
                        throw new SQLException("LOAD DATA took " + load.rows() + " of " + chunk.rows().size()
                                + " rows: " + load.firstWarning());
                    }
                } else if (dialect.loadsWithCopy()) {
                    dialect.copyText(connection, dialect.quote(rows.table()), rows.quotedColumns(), chunk.sql());
                } else {
                    try (Statement statement = connection.createStatement()) {
                        statement.executeUpdate(chunk.sql());
                    }
                }
            });
            return new RowByRow(chunk.rows().size(), null, null);
        } catch (SQLException refused) {
            return chunk.data() != null ? writeInserts(connection, rows, chunk.rows(), large)
                    : writeOneByOne(connection, rows, chunk.rows(), large);
        }
    }

    /** Rows a load did not take cleanly, as multi-row INSERTs of {@link #INSERT_ROWS_FIRST}; a refused one row by row. */
    private RowByRow writeInserts(Connection connection, TableRows rows, List<String[]> chunk, boolean transaction)
            throws SQLException {
        int inserted = 0;
        String firstError = null;
        try (Statement statement = connection.createStatement()) {
            for (int from = 0; from < chunk.size(); from += INSERT_ROWS_FIRST) {
                List<String[]> part = chunk.subList(from, Math.min(chunk.size(), from + INSERT_ROWS_FIRST));
                String sql = rows.insert(part);
                try {
                    guarded(connection, transaction, () -> statement.executeUpdate(sql));
                    inserted += part.size();
                } catch (SQLException refused) {
                    RowByRow one = writeOneByOne(connection, rows, part, transaction);
                    inserted += one.inserted();
                    firstError = firstError != null ? firstError : one.firstError();
                    if (one.exhausted() != null) {
                        return new RowByRow(inserted, firstError, one.exhausted());
                    }
                }
            }
        }
        return new RowByRow(inserted, firstError, null);
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
