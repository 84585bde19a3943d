package io.migratest.db.internal;

import io.migratest.check.Schema.CheckConstraint;
import io.migratest.check.Schema.Column;
import io.migratest.check.Schema.ForeignKey;
import io.migratest.check.Schema.Table;
import io.migratest.compare.Snapshot;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What the engines' catalog readers share: building tables and running catalog queries. */
final class CatalogParts {

    private CatalogParts() {
    }

    static Object numberOrNull(Object value) {
        return value == null ? null : Long.valueOf(((Number) value).longValue());
    }

    /** The tables, without Flyway's history table {@code history} and Migratest's own side tables. */
    static List<Table> build(Map<String, TableBuilder> tables, String history) {
        List<Table> result = new ArrayList<>();
        for (TableBuilder table : tables.values()) {
            if (table.name.equals(history) || isMigratestTable(table.name)) {
                continue;
            }
            List<String> sorted = new ArrayList<>(table.constraints);
            sorted.sort(null);
            List<CheckConstraint> checks = new ArrayList<>(table.checks);
            checks.sort(Comparator.comparing(CheckConstraint::name));
            result.add(new Table(table.name, table.columns, table.primaryKey, table.uniqueKeys, table.foreignKeys, sorted,
                    checks, table.options));
        }
        return result;
    }

    /** Whether {@code table} is one Migratest made for itself (a snapshot's side table), not the project's. */
    static boolean isMigratestTable(String table) {
        return table.startsWith(Snapshot.SIDE_TABLE_PREFIX);
    }

    /**
     * The lines of a view's or routine's definition as a snapshot shows them: line breaks as
     * {@code \n}, no trailing blanks, no blank lines before the first or after the last.
     */
    static List<String> bodyLines(String text) {
        if (text == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(text.lines().map(String::stripTrailing).toList());
        while (!lines.isEmpty() && lines.get(0).isEmpty()) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(String::valueOf).toList();
    }

    interface RowHandler {
        void accept(ResultSet rs) throws SQLException;
    }

    static void query(Connection connection, String sql, RowHandler handler) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                handler.accept(rs);
            }
        }
    }

    static final class TableBuilder {
        final String name;
        final List<Column> columns = new ArrayList<>();
        final List<String> primaryKey = new ArrayList<>();
        final List<List<String>> uniqueKeys = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        final List<String> constraints = new ArrayList<>();
        final List<CheckConstraint> checks = new ArrayList<>();
        final List<String> options = new ArrayList<>();

        TableBuilder(String name) {
            this.name = name;
        }
    }

    static final class ConstraintBuilder {
        final String table;
        final String name;
        final String type;
        final String referencedTable;
        final String updateRule;
        final String deleteRule;
        final List<String> columns = new ArrayList<>();
        final List<String> referencedColumns = new ArrayList<>();

        ConstraintBuilder(String table, String name, String type, String referencedTable, String updateRule,
                String deleteRule) {
            this.table = table;
            this.name = name;
            this.type = type;
            this.referencedTable = referencedTable;
            this.updateRule = updateRule == null ? "" : updateRule;
            this.deleteRule = deleteRule == null ? "" : deleteRule;
        }
    }
}
