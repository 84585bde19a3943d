package io.migratest.check;

import io.migratest.MigratestException;
import io.migratest.check.internal.SchemaReader;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A database's schema as its own catalog describes it: tables (columns with their types,
 * nullability, defaults, generated expressions, charsets and collations; keys, foreign keys with
 * their actions, checks, indexes; storage engine and charset on MySQL and MariaDB), and the other
 * objects a migration changes (views, sequences, functions, procedures, triggers, PostgreSQL
 * enum types and extensions). Flyway's history table and Migratest's own side tables are left out.
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
 * @param types   user-defined enum types (PostgreSQL), as lines of the text form
 * @param objects the schema's other objects (extensions, sequences, views, functions, procedures,
 *                triggers), in the order of the text form
 */
public record Schema(Engine engine, List<Table> tables, List<String> types, List<SchemaObject> objects) {

    /** The first line of every schema snapshot; a snapshot file without it is not one. */
    public static final String HEADER = "-- migratest schema snapshot";

    /** The kinds of {@link SchemaObject}, in the order the text form lists them. */
    public static final List<String> OBJECT_KINDS = List.of("extension", "sequence", "view", "materialized view",
            "function", "procedure", "trigger");

    public Schema {
        tables = List.copyOf(tables);
        types = List.copyOf(types);
        objects = objects.stream().sorted(Comparator.comparingInt((SchemaObject o) -> kindOrder(o.kind()))
                .thenComparing(SchemaObject::name)).toList();
    }

    /** A schema of tables and types only. */
    public Schema(Engine engine, List<Table> tables, List<String> types) {
        this(engine, tables, types, List.of());
    }

    private static int kindOrder(String kind) {
        int index = OBJECT_KINDS.indexOf(kind);
        return index < 0 ? OBJECT_KINDS.size() : index;
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

    /** The objects of {@code kind} (e.g. {@code "trigger"}), by name. */
    public List<SchemaObject> objects(String kind) {
        return objects.stream().filter(o -> o.kind().equals(kind)).toList();
    }

    /**
     * The normalised text form: a header line, the extensions and types, then each table with its
     * columns and constraints, then the other objects, one block each. Every block starts with an
     * unindented line naming the object ({@code table users}, {@code trigger users_audit on users});
     * the lines under it are indented, so a diff line can always be traced to its object.
     */
    public String toText() {
        StringBuilder text = new StringBuilder(HEADER).append(" (").append(engine.key()).append(")\n");
        List<SchemaObject> rest = new ArrayList<>();
        for (SchemaObject object : objects) {
            if (object.kind().equals("extension")) {
                object.appendTo(text);
            } else {
                rest.add(object);
            }
        }
        for (String type : types) {
            text.append(type).append('\n');
        }
        for (Table table : tables) {
            text.append('\n').append("table ").append(table.name()).append('\n');
            for (String option : table.options()) {
                text.append("  ").append(option).append('\n');
            }
            for (Column column : table.columns()) {
                text.append("  column ").append(column.describe()).append('\n');
            }
            for (String line : table.constraints()) {
                text.append("  ").append(line).append('\n');
            }
        }
        for (SchemaObject object : rest) {
            text.append('\n');
            object.appendTo(text);
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
     * @param checks      its CHECK constraints
     * @param options     text lines of its storage options, e.g. {@code engine InnoDB} (MySQL, MariaDB)
     */
    public record Table(String name, List<Column> columns, List<String> primaryKey, List<List<String>> uniqueKeys,
            List<ForeignKey> foreignKeys, List<String> constraints, List<CheckConstraint> checks, List<String> options) {

        public Table {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
            foreignKeys = List.copyOf(foreignKeys);
            constraints = List.copyOf(constraints);
            checks = List.copyOf(checks);
            options = List.copyOf(options);
        }

        /** A table without checks or storage options. */
        public Table(String name, List<Column> columns, List<String> primaryKey, List<List<String>> uniqueKeys,
                List<ForeignKey> foreignKeys, List<String> constraints) {
            this(name, columns, primaryKey, uniqueKeys, foreignKeys, constraints, List.of(), List.of());
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
     * @param expression   the expression of a computed column with its kind, e.g. {@code (price * 2) stored},
     *                     else {@code null}
     * @param charset      the character set of a text column when it is not its table's (MySQL, MariaDB), else {@code null}
     * @param collation    the collation of a text column when it is not its table's (MySQL, MariaDB) or
     *                     its type's default (PostgreSQL), else {@code null}
     */
    public record Column(String name, String type, String baseType, Integer length, Integer scale, boolean nullable,
            String defaultValue, boolean generated, List<String> enumValues, String expression, String charset,
            String collation) {

        public Column {
            baseType = baseType.toLowerCase(Locale.ROOT);
            enumValues = List.copyOf(enumValues);
        }

        /** A column that is not computed, with the default charset and collation. */
        public Column(String name, String type, String baseType, Integer length, Integer scale, boolean nullable,
                String defaultValue, boolean generated, List<String> enumValues) {
            this(name, type, baseType, length, scale, nullable, defaultValue, generated, enumValues, null, null, null);
        }

        String describe() {
            return name + " " + type + (charset == null ? "" : " charset " + charset)
                    + (collation == null ? "" : " collate " + collation)
                    + (nullable ? " null" : " not null")
                    + (expression != null ? " generated always as " + expression
                            : (defaultValue == null ? "" : " default " + defaultValue) + (generated ? " generated" : ""));
        }
    }

    /**
     * A CHECK constraint.
     *
     * @param name       the constraint name
     * @param expression the condition as the catalog prints it, e.g. {@code (price > 0)}
     */
    public record CheckConstraint(String name, String expression) {
    }

    /**
     * A schema object that is not a table: an extension, sequence, view, function, procedure or trigger.
     *
     * @param kind    one of {@link #OBJECT_KINDS}
     * @param name    its name, with the argument types of a function or procedure and the table of
     *                a trigger ({@code users_audit on users})
     * @param summary its one-line description (a sequence's range, a trigger's timing and event), may be empty
     * @param body    its definition or body, line by line (a view's query, a routine's code), may be empty
     */
    public record SchemaObject(String kind, String name, String summary, List<String> body) {

        public SchemaObject {
            body = List.copyOf(body);
        }

        void appendTo(StringBuilder text) {
            text.append(kind).append(' ').append(name).append(summary.isEmpty() ? "" : " " + summary).append('\n');
            for (String line : body) {
                text.append("  | ").append(line).append('\n');
            }
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
