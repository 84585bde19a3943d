package io.migratest.migrate.internal;

import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

/**
 * Turns Flyway's exception into the message a reviewer needs: which migration, which line and
 * statement, and the database's own words. Flyway shows the statement only with {@code -X}, so it
 * is taken from the exception here.
 */
public final class FailureMessages {

    private FailureMessages() {
    }

    public static String describe(FlywayException failure, String what, String database) {
        return describe(failure, what, database, List.of());
    }

    /**
     * As {@link #describe(FlywayException, String, String)}, with the ERROR lines Flyway logged
     * about the failure (which are kept out of the log), since they say whether it was rolled back.
     */
    public static String describe(FlywayException failure, String what, String database, List<String> flywayErrors) {
        StringBuilder message = new StringBuilder();
        FlywayMigrateException migrate = find(failure, FlywayMigrateException.class);
        FlywaySqlScriptException script = find(failure, FlywaySqlScriptException.class);
        SQLException sql = find(failure, SQLException.class);
        MigrationInfo migration = migrate == null ? null : migrate.getMigration();
        if (migration != null) {
            message.append("Migration ").append(migration.getScript());
            if (migration.getVersion() != null) {
                message.append(" (version ").append(migration.getVersion()).append(')');
            }
            message.append(" failed on ").append(database);
        } else {
            message.append("Could not ").append(what).append(" on ").append(database);
        }
        if (script != null) {
            message.append("\n  line: ").append(script.getLineNumber());
            if (script.getStatement() != null) {
                message.append("\n  statement: ").append(withoutLeadingComments(script.getStatement())
                        .replace("\n", "\n             "));
            }
        }
        if (sql != null) {
            message.append("\n  database error: ").append(sql.getMessage().strip());
            if (sql.getSQLState() != null) {
                message.append(" (SQL state ").append(sql.getSQLState()).append(')');
            }
        } else {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            message.append("\n  error: ").append(root == failure ? failure.getMessage() : root.toString());
        }
        message.append("\n  (Flyway: ").append(firstLine(failure.getMessage())).append(')');
        for (String line : flywayErrors) {
            message.append("\n  (Flyway: ").append(line.strip()).append(')');
        }
        return message.toString();
    }

    /** Flyway counts a statement from the comment above it; the reader wants the SQL itself. */
    private static String withoutLeadingComments(String statement) {
        String text = statement.strip();
        while (text.startsWith("--")) {
            int newline = text.indexOf('\n');
            text = newline < 0 ? "" : text.substring(newline + 1).strip();
        }
        return text.isEmpty() ? statement.strip() : text;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no message";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
