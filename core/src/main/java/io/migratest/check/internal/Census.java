package io.migratest.check.internal;

import io.migratest.check.Schema;
import io.migratest.check.Schema.Table;
import io.migratest.db.Engine;
import io.migratest.db.internal.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Row counts and key sets per table, taken before and after a migration to see which rows it
 * lost. Keys are the values of a table's identifying columns, as text.
 *
 * @param tables per table name, in schema order
 */
public record Census(Map<String, TableCount> tables) {

    /** Tables with more rows than this are counted but their keys are not compared. */
    public static final int MAX_KEYS = 200_000;

    /**
     * One table.
     *
     * @param rows       the row count
     * @param keyColumns the columns the keys are made of, empty when the table has no key
     * @param keys       the keys, empty when there is no key or the table is too large
     */
    public record TableCount(long rows, List<String> keyColumns, Set<String> keys) {
    }

    /**
     * Counts every table of {@code schema}; for a table also in {@code keysFrom}, keys use the
     * identifying columns it had there (so a migration that changes a key is still compared on
     * the old one, as long as its columns exist).
     */
    public static Census take(Connection connection, Engine engine, Schema schema, Census keysFrom) throws SQLException {
        return take(connection, engine, schema, keysFrom, Renames.none());
    }

    /**
     * As {@link #take(Connection, Engine, Schema, Census)}, after a migration that made
     * {@code renames}: a renamed table's keys use the identifying columns it had under its old
     * name, each read under its new name but labelled with the old one, so that the keys of both
     * censuses compare equal when the rows are kept.
     */
    public static Census take(Connection connection, Engine engine, Schema schema, Census keysFrom, Renames renames)
            throws SQLException {
        Dialect quoting = Dialect.of(engine);
        Map<String, TableCount> counts = new LinkedHashMap<>();
        for (Table table : schema.tables()) {
            List<String> keyColumns = table.identifyingColumns();
            List<String> readColumns = keyColumns;
            String before = renames.tableBefore(table.name()).orElse(table.name());
            TableCount earlierCount = keysFrom == null ? null : keysFrom.table(before).orElse(null);
            if (earlierCount != null) {
                List<String> earlier = earlierCount.keyColumns();
                List<String> renamed = earlier.stream().map(c -> renames.columnAfter(before, c)).toList();
                boolean present = renamed.stream().allMatch(c -> table.column(c).isPresent());
                keyColumns = present ? earlier : List.of();
                readColumns = present ? renamed : List.of();
            }
            // A keyed table's rows are counted while its keys are read: one query, not two, unless it
            // is too large to keep its keys.
            long rows = -1;
            Set<String> keys = new LinkedHashSet<>();
            if (!keyColumns.isEmpty()) {
                List<String> quoted = new ArrayList<>();
                readColumns.forEach(c -> quoted.add(quoting.quote(c)));
                try (Statement statement = connection.createStatement()) {
                    statement.setMaxRows(MAX_KEYS + 1);
                    try (ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", quoted) + " FROM "
                            + quoting.quote(table.name()) + " ORDER BY " + String.join(", ", quoted))) {
                        long read = 0;
                        while (rs.next()) {
                            read++;
                            StringBuilder key = new StringBuilder();
                            for (int i = 0; i < keyColumns.size(); i++) {
                                key.append(i == 0 ? "" : ", ").append(keyColumns.get(i)).append('=')
                                        .append(rs.getString(i + 1));
                            }
                            keys.add(key.toString());
                        }
                        if (read <= MAX_KEYS) {
                            rows = read;
                        } else {
                            keys.clear();
                        }
                    }
                }
            }
            if (rows < 0) {
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + quoting.quote(table.name()))) {
                    rs.next();
                    rows = rs.getLong(1);
                }
            }
            counts.put(table.name(), new TableCount(rows, keyColumns, keys));
        }
        return new Census(counts);
    }

    /** The count of the table named {@code name}, ignoring case. */
    public Optional<TableCount> table(String name) {
        TableCount exact = tables.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return tables.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    /** The table's name as this census spells it, ignoring case. */
    public Optional<String> name(String name) {
        return tables.keySet().stream().filter(n -> n.equalsIgnoreCase(name)).findFirst();
    }
}
