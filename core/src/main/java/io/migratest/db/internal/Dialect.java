package io.migratest.db.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** The statements that create, copy and drop whole databases, which differ per engine. */
public interface Dialect {

    String quote(String identifier);

    String createDatabase(String name);

    String dropDatabase(String name);

    /**
     * Copies {@code template} into a new database {@code target}, through a connection to the
     * server's administrative database.
     */
    void cloneDatabase(Connection admin, String template, String target) throws SQLException;
}
