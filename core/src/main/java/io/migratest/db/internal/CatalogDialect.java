package io.migratest.db.internal;

import io.migratest.check.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/** The catalog side of a {@link Dialect}: reading a schema and finding Flyway's history table. */
public interface CatalogDialect {

    /** The schema of the connection's current schema (or database), Flyway's history table left out. */
    Schema readSchema(Connection connection) throws SQLException;

    /**
     * The tables of the connection's current schema (or database) with their columns, keys,
     * indexes and checks, and on PostgreSQL its enum and domain types, but none of its other
     * objects (views, sequences, routines, triggers, extensions): what seeding, counting and
     * writing rows need, for less than a whole {@link #readSchema} costs.
     */
    default Schema readTables(Connection connection) throws SQLException {
        return readTables(connection, null);
    }

    /**
     * As {@link #readTables(Connection)}, leaving out {@code historyTable}, the name of Flyway's
     * history table as {@link #historyTable} found it (null: found here): a caller reading the
     * tables after every version finds it once instead of before every read.
     */
    default Schema readTables(Connection connection, String historyTable) throws SQLException {
        return readSchema(connection);
    }

    /** The SQL function that names the connection's current schema (or database) in {@code information_schema}. */
    String currentSchemaFunction();

    /**
     * Each table's identity in the catalog, by table name, where the engine keeps one across a
     * rename (PostgreSQL); empty where it does not.
     */
    default Map<String, TableIdentity> tableIdentities(Connection connection) throws SQLException {
        return Map.of();
    }

    /**
     * The schema, whole ({@link #readSchema}) or its tables only ({@link #readTables(Connection,
     * String)}), with the {@link #tableIdentities} at the same moment: on PostgreSQL read by the
     * query of the tables and their columns, one round trip less than reading them apart.
     */
    default Catalog readWithIdentities(Connection connection, boolean whole, String historyTable) throws SQLException {
        Schema schema = whole ? readSchema(connection) : readTables(connection, historyTable);
        return new Catalog(schema, tableIdentities(connection));
    }

    /** A schema and the identities of its tables, read together. */
    record Catalog(Schema schema, Map<String, TableIdentity> identities) {
    }

    /**
     * Whether a statement that only inserts, updates or deletes rows could still change a table's
     * definition here, through a trigger or a function it calls. True unless the engine rules it
     * out: a caller unsure whether a data-only step changed the tables reads them again.
     */
    default boolean rowStatementsMayChangeTables(Connection connection) throws SQLException {
        return true;
    }

    /** The name of Flyway's history table in the current schema, found by its columns. */
    default Optional<String> historyTable(Connection connection) throws SQLException {
        String sql = "SELECT table_name FROM information_schema.columns WHERE table_schema = " + currentSchemaFunction()
                + " AND column_name IN ('installed_rank', 'checksum', 'execution_time', 'installed_by')"
                + " GROUP BY table_name HAVING COUNT(*) = 4";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }
}
