package io.migratest.db.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL and MariaDB: a database is a schema; it is copied table by table
 * ({@code CREATE TABLE ... LIKE} then {@code INSERT ... SELECT}), since neither engine has a
 * template mechanism.
 */
public final class MySqlDialect implements Dialect {

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public String createDatabase(String name) {
        return "CREATE DATABASE " + quote(name) + " CHARACTER SET utf8mb4";
    }

    @Override
    public String dropDatabase(String name) {
        return "DROP DATABASE IF EXISTS " + quote(name);
    }

    @Override
    public void cloneDatabase(Connection admin, String template, String target) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = admin.createStatement();
                ResultSet rs = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = '" + template.replace("'", "''") + "' AND table_type = 'BASE TABLE'"
                        + " ORDER BY table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute(createDatabase(target));
            // Tables are copied in name order; foreign keys are checked once all rows are in.
            statement.execute("SET SESSION foreign_key_checks = 0");
            try {
                for (String table : tables) {
                    String from = quote(template) + "." + quote(table);
                    String to = quote(target) + "." + quote(table);
                    statement.execute("CREATE TABLE " + to + " LIKE " + from);
                    statement.execute("INSERT INTO " + to + " SELECT * FROM " + from);
                }
            } finally {
                statement.execute("SET SESSION foreign_key_checks = 1");
            }
        }
    }
}
