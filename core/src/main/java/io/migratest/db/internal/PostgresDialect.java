package io.migratest.db.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** PostgreSQL: databases are copied file by file with {@code CREATE DATABASE ... TEMPLATE}. */
public final class PostgresDialect implements Dialect {

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String createDatabase(String name) {
        return "CREATE DATABASE " + quote(name);
    }

    @Override
    public String dropDatabase(String name) {
        // FORCE ends sessions a test left open (PostgreSQL 13+), so a leaked connection
        // cannot keep a database alive after its test.
        return "DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)";
    }

    @Override
    public void cloneDatabase(Connection admin, String template, String target) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            // STRATEGY FILE_COPY copies files instead of WAL-logging every block (PostgreSQL 15+
            // defaults to WAL_LOG, which is slower for the small databases tests use).
            String sql = "CREATE DATABASE " + quote(target) + " TEMPLATE " + quote(template);
            if (admin.getMetaData().getDatabaseMajorVersion() >= 15) {
                sql += " STRATEGY FILE_COPY";
            }
            statement.execute(sql);
        }
    }
}
