package io.migratest.check;

import io.migratest.MigratestException;
import io.migratest.check.internal.SchemaReader;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A database's schema as its own catalog describes it (tables, columns, types, nullability,
 * defaults, keys, foreign keys, checks, indexes), with Flyway's history table left out.
 *
 * <p>{@link #toText()} writes it as normalised text that is stable from run to run, so two
 * schemas can be compared line by line and a schema can be committed as a snapshot file.
 *
 * <pre>{@code
 * Schema schema = Schema.read(database);
 * System.out.println(schema.toText());
 * }</pre>
 *
 * @param engine the engine it was read from
 * @param tables the tables, by name
 * @param types  user-defined enum types (PostgreSQL), as lines of the text form
 */
public record Schema(Engine engine, List<Table> tables, List<String> types) {

    /** The first line of every schema snapshot; a snapshot file without it is not one. */
    public static final String HEADER = "-- migratest schema snapshot";

    public Schema {
        tables = List.copyOf(tables);
        types = List.copyOf(types);
    }

    /** Reads the schema of {@code database} (its current schema on PostgreSQL). */
    public static Schema read(TestDatabase database) {
        try (Connection connection = database.dataSource().getConnection()) {
            return SchemaReader.read(connection, database.engine());
        } catch (SQLException e) {
            throw new MigratestException("Could not read the schema of " + database.engine() + " database "
                    + database.name() + " from its catalog: " + e.getMessage(), e);
        }
    }

    /** The table named {@code name}, ignoring case. */
    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The normalised text form: a header line, then each table with its columns and constraints. */
    public String toText() {
        StringBuilder text = new StringBuilder(HEADER).append(" (").append(engine.key()).append(")\n");
        for (String type : types) {
            text.append(type).append('\n');
        }
        for (Table table : tables) {
            text.append('\n').append("table ").append(table.name()).append('\n');
            for (Column column : table.columns()) {
                text.append("  column ").append(column.describe()).append('\n');
            }
            for (String line : table.constraints()) {
                text.append("  ").append(line).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    /**
     * One table.
     *
     * @param name        the name in the catalog
     * @param columns     its columns in catalog order
     * @param primaryKey  the primary key columns, empty when there is none
     * @param uniqueKeys  the column lists of its unique constraints and unique indexes
     * @param foreignKeys its foreign keys
     * @param constraints the text lines of its keys, checks and indexes, sorted
     */
    public record Table(String name, List<Column> columns, List<String> primaryKey, List<List<String>> uniqueKeys,
            List<ForeignKey> foreignKeys, List<String> constraints) {

        public Table {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
            foreignKeys = List.copyOf(foreignKeys);
            constraints = List.copyOf(constraints);
        }

        /** The column named {@code name}, ignoring case. */
        public Optional<Column> column(String name) {
            return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
        }

        /**
         * The columns that identify a row: the primary key, else the first unique key of NOT NULL
         * columns, else none.
         */
        public List<String> identifyingColumns() {
            if (!primaryKey.isEmpty()) {
                return primaryKey;
            }
            for (List<String> unique : uniqueKeys) {
                if (unique.stream().allMatch(c -> column(c).map(col -> !col.nullable()).orElse(false))) {
                    return unique;
                }
            }
            return List.of();
        }

        public List<String> columnNames() {
            List<String> names = new ArrayList<>();
            columns.forEach(c -> names.add(c.name()));
            return names;
        }
    }

    /**
     * One column.
     *
     * @param name         the name in the catalog
     * @param type         the full type as the catalog prints it, e.g. {@code character varying(200)}
     * @param baseType     the type's family name in lower case, e.g. {@code varchar}, {@code int4}, {@code enum}
     * @param length       the character length or numeric precision, or {@code null}
     * @param scale        the numeric scale, or {@code null}
     * @param nullable     whether NULL is allowed
     * @param defaultValue the default expression, or {@code null}
     * @param generated    whether the database fills it itself (identity, auto-increment, serial, computed)
     * @param enumValues   the allowed values of an enum column, else empty
     */
    public record Column(String name, String type, String baseType, Integer length, Integer scale, boolean nullable,
            String defaultValue, boolean generated, List<String> enumValues) {

        public Column {
            baseType = baseType.toLowerCase(Locale.ROOT);
            enumValues = List.copyOf(enumValues);
        }

        String describe() {
            return name + " " + type + (nullable ? " null" : " not null")
                    + (defaultValue == null ? "" : " default " + defaultValue)
                    + (generated ? " generated" : "");
        }
    }

    /**
     * A foreign key.
     *
     * @param name              the constraint name
     * @param columns           the referencing columns
     * @param referencedTable   the referenced table
     * @param referencedColumns the referenced columns, in the same order
     */
    public record ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns) {

        public ForeignKey {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }
    }
}
