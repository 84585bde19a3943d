package io.migratest.db.internal;

import java.util.Map;

/**
 * What identifies a table in the catalog whatever its name, so that a rename can be told from a
 * drop and a create: PostgreSQL's {@code pg_class} OID and its columns' numbers.
 *
 * @param id      the table's identifier in the catalog
 * @param columns column number -> column name
 */
public record TableIdentity(long id, Map<Integer, String> columns) {

    public TableIdentity {
        columns = Map.copyOf(columns);
    }
}
