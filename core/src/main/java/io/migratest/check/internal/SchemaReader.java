package io.migratest.check.internal;

import io.migratest.check.Schema;
import io.migratest.db.Engine;
import io.migratest.db.internal.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Reads a {@link Schema} from the catalog through the engine's {@link Dialect}: {@code pg_catalog}
 * on PostgreSQL, {@code information_schema} on MySQL and MariaDB. Flyway's history table is left out.
 */
public final class SchemaReader {

    private SchemaReader() {
    }

    public static Schema read(Connection connection, Engine engine) throws SQLException {
        return Dialect.of(engine).readSchema(connection);
    }

    /** The name of Flyway's history table in the current schema, found by its columns. */
    public static Optional<String> historyTable(Connection connection, Engine engine) throws SQLException {
        return Dialect.of(engine).historyTable(connection);
    }
}
