package io.migratest.compare.internal;

import io.migratest.db.Engine;
import io.migratest.db.internal.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.EnumMap;
import java.util.Map;

/**
 * The SQL Migratest writes to read rows for a comparison: engine-neutral helpers, and the
 * engine's {@link Dialect} (found once per connection) for what differs.
 */
public final class Sql {

    private static final Map<Engine, Sql> BY_ENGINE = new EnumMap<>(Engine.class);

    static {
        for (Engine engine : Engine.values()) {
            BY_ENGINE.put(engine, new Sql(Dialect.of(engine)));
        }
    }

    private final Dialect dialect;

    private Sql(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The SQL of the database behind {@code connection}. */
    public static Sql of(Connection connection) throws SQLException {
        return of(Dialect.of(connection).engine());
    }

    /** The SQL of {@code engine}. */
    public static Sql of(Engine engine) {
        return BY_ENGINE.get(engine);
    }

    /** The engine's dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** The identifier quoted for this engine. */
    public String quote(String identifier) {
        return dialect.quote(identifier);
    }

    /**
     * An ORDER BY term whose order matches {@link Values#compareKeys}: text in binary (code point)
     * order instead of the column's collation, NULL first on every engine.
     */
    public String orderTerm(String quotedColumn, int jdbcType, String typeName) {
        return dialect.orderTerm(quotedColumn, isText(jdbcType, typeName));
    }

    /** A term that groups values by exact equality (text by bytes, not by a case-insensitive collation). */
    public String exactTerm(String quotedColumn, int jdbcType, String typeName) {
        return dialect.exactTerm(quotedColumn, isText(jdbcType, typeName));
    }

    /** Whether a diff in {@code AUTO} mode compares in the database on this engine. */
    public boolean comparesInDatabaseByDefault() {
        return dialect.comparesInDatabaseByDefault();
    }

    static boolean isText(int jdbcType, String typeName) {
        return switch (jdbcType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB, Types.NCLOB -> true;
            default -> "text".equalsIgnoreCase(typeName) || "citext".equalsIgnoreCase(typeName)
                    || "bpchar".equalsIgnoreCase(typeName) || "varchar".equalsIgnoreCase(typeName);
        };
    }

    /** Wraps a user query so that it can be filtered and ordered. */
    public static String derived(String query) {
        return "SELECT * FROM (" + strip(query) + ") migratest_q";
    }

    /** A user query without surrounding blanks and trailing semicolons, ready to be nested. */
    public static String strip(String query) {
        String trimmed = query.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }

    @Override
    public String toString() {
        return "Sql[" + dialect.engine() + "]";
    }
}
