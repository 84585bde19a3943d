package io.migratest.db.internal;

import io.migratest.db.CloneUnsupportedException;
import io.migratest.db.Setting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How {@link MySqlDialect} copies a database: a database is a schema, and neither MySQL nor
 * MariaDB can copy one, so a clone is rebuilt object by object from the template's own
 * definitions: tables ({@code SHOW CREATE TABLE}, which keeps foreign keys, unlike {@code CREATE
 * TABLE ... LIKE}) and their rows ({@code INSERT ... SELECT}, server-side), then views, triggers,
 * procedures and functions. Events, sequences and system-versioned tables are refused with a
 * {@link CloneUnsupportedException} before anything is created.
 */
final class MySqlClone {

    // DEFINER=`user`@`host` names an account that may not exist for us; without it the copy is
    // owned by the admin user.
    private static final Pattern DEFINER = Pattern.compile(
            "(?i)\\sDEFINER\\s*=\\s*(?:CURRENT_USER(?:\\(\\))?|(?:`[^`]*`|'[^']*'|[^\\s@]+)@(?:`[^`]*`|'[^']*'|\\S+))");

    private final Dialect dialect;

    MySqlClone(Dialect dialect) {
        this.dialect = dialect;
    }

    private String quote(String identifier) {
        return dialect.quote(identifier);
    }

    void cloneDatabase(Connection admin, String template, String target) throws SQLException {
        refuseWhatCannotBeCopied(admin, template);
        Map<String, String> tables = new LinkedHashMap<>();
        query(admin, "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = ?"
                + " ORDER BY table_name", template, rs -> tables.put(rs.getString(1), rs.getString(2)));
        String[] charset = new String[2];
        query(admin, "SELECT default_character_set_name, default_collation_name FROM information_schema.schemata"
                + " WHERE schema_name = ?", template, rs -> {
                    charset[0] = rs.getString(1);
                    charset[1] = rs.getString(2);
                });
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + quote(target) + " CHARACTER SET " + charset[0]
                    + " COLLATE " + charset[1]);
            // Tables come in name order, so references are checked only once all exist; rows keep
            // their ids, including a 0 in an AUTO_INCREMENT column.
            statement.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0,"
                    + " sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
            // USE rather than setCatalog: MySQL Connector/J skips setCatalog on a connection opened
            // without a database.
            statement.execute("USE " + quote(target));
            List<String> views = new ArrayList<>();
            for (Map.Entry<String, String> table : tables.entrySet()) {
                if (table.getValue().equals("VIEW")) {
                    views.add(table.getKey());
                } else {
                    statement.execute(showCreate(admin, "TABLE", template, table.getKey(), 2));
                    copyRows(admin, template, target, table.getKey());
                }
            }
            createViews(admin, template, target, views);
            copyTriggers(admin, template);
            copyRoutines(admin, template);
        }
    }

    private void refuseWhatCannotBeCopied(Connection admin, String template) throws SQLException {
        List<String> unsupported = new ArrayList<>();
        query(admin, "SELECT CONCAT(LOWER(table_type), ' ', table_name) FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_type NOT IN ('BASE TABLE', 'VIEW')", template,
                rs -> unsupported.add(rs.getString(1)));
        query(admin, "SELECT CONCAT('event ', event_name) FROM information_schema.events WHERE event_schema = ?",
                template, rs -> unsupported.add(rs.getString(1)));
        if (!unsupported.isEmpty()) {
            throw new CloneUnsupportedException("Cannot copy database " + template + ": it holds "
                    + String.join(", ", unsupported) + ", which the MySQL/MariaDB copy does not carry over"
                    + " => build each test's database by migrating (e.g. " + Setting.ISOLATION.key() + "=migrate)");
        }
    }

    private void copyRows(Connection admin, String template, String target, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        // Generated columns compute themselves and refuse values.
        query(admin, "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = '"
                + table.replace("'", "''") + "' AND extra NOT LIKE '%VIRTUAL%' AND extra NOT LIKE '%STORED%'"
                + " AND extra NOT LIKE '%PERSISTENT%' ORDER BY ordinal_position", template,
                rs -> columns.add(quote(rs.getString(1))));
        String list = String.join(", ", columns);
        try (Statement statement = admin.createStatement()) {
            statement.execute("INSERT INTO " + quote(target) + "." + quote(table) + " (" + list + ") SELECT "
                    + list + " FROM " + quote(template) + "." + quote(table));
        }
    }

    // Views may select from views; those that fail for a missing view are retried once the others
    // exist, until a round makes no progress.
    private void createViews(Connection admin, String template, String target, List<String> views)
            throws SQLException {
        List<String> pending = new ArrayList<>(views);
        while (!pending.isEmpty()) {
            List<String> failed = new ArrayList<>();
            SQLException last = null;
            for (String view : pending) {
                String sql = showCreate(admin, "VIEW", template, view, 2)
                        .replace(quote(template) + ".", quote(target) + ".");
                try (Statement statement = admin.createStatement()) {
                    statement.execute(sql);
                } catch (SQLException e) {
                    failed.add(view);
                    last = e;
                }
            }
            if (failed.size() == pending.size()) {
                throw last;
            }
            pending = failed;
        }
    }

    private void copyTriggers(Connection admin, String template) throws SQLException {
        List<String> triggers = new ArrayList<>();
        query(admin, "SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = ?"
                + " ORDER BY event_object_table, action_timing, event_manipulation, action_order", template,
                rs -> triggers.add(rs.getString(1)));
        for (String trigger : triggers) {
            createWithSqlMode(admin, "TRIGGER", template, trigger);
        }
    }

    private void copyRoutines(Connection admin, String template) throws SQLException {
        Map<String, String> routines = new LinkedHashMap<>();
        query(admin, "SELECT routine_name, routine_type FROM information_schema.routines WHERE routine_schema = ?"
                + " ORDER BY routine_type, routine_name", template,
                rs -> routines.put(rs.getString(1), rs.getString(2)));
        for (Map.Entry<String, String> routine : routines.entrySet()) {
            createWithSqlMode(admin, routine.getValue(), template, routine.getKey());
        }
    }

    // Triggers and routines are parsed under the sql_mode they were created with (ANSI_QUOTES
    // and the like change their meaning), so they are re-created under it.
    private void createWithSqlMode(Connection admin, String kind, String template, String name) throws SQLException {
        String sql;
        String sqlMode;
        try (Statement statement = admin.createStatement();
                ResultSet rs = statement.executeQuery("SHOW CREATE " + kind + " " + quote(template) + "."
                        + quote(name))) {
            rs.next();
            sqlMode = rs.getString(2);
            sql = rs.getString(3);
        }
        if (sql == null) {
            throw new SQLException("SHOW CREATE " + kind + " " + name + " in " + template
                    + " returned no definition: the admin user lacks the privilege to read it");
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute("SET @migratest_sql_mode = @@sql_mode");
            try (PreparedStatement mode = admin.prepareStatement("SET SESSION sql_mode = ?")) {
                mode.setString(1, sqlMode);
                mode.execute();
            }
            try {
                statement.execute(DEFINER.matcher(sql).replaceFirst(""));
            } finally {
                statement.execute("SET SESSION sql_mode = @migratest_sql_mode");
            }
        }
    }

    private String showCreate(Connection admin, String kind, String schema, String name, int column)
            throws SQLException {
        try (Statement statement = admin.createStatement();
                ResultSet rs = statement.executeQuery("SHOW CREATE " + kind + " " + quote(schema) + "." + quote(name))) {
            rs.next();
            return DEFINER.matcher(rs.getString(column)).replaceFirst("");
        }
    }

    private interface RowAction {
        void accept(ResultSet row) throws SQLException;
    }

    private static void query(Connection admin, String sql, String schema, RowAction action) throws SQLException {
        try (PreparedStatement statement = admin.prepareStatement(sql)) {
            statement.setString(1, schema);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    action.accept(rs);
                }
            }
        }
    }
}
