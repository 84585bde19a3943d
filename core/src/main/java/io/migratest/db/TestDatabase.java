package io.migratest.db;

import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * One isolated database created by Migratest for one test (or one template of tests).
 *
 * <p>Closing it drops the database, unless it is kept for inspection
 * ({@code migratest.keepFailedDatabases}).
 */
public interface TestDatabase extends AutoCloseable {

    /** The engine of the server this database lives on. */
    Engine engine();

    /** The database name on its server, e.g. {@code migratest_1a2b3c_7}. */
    String name();

    /** The JDBC URL of this database, without credentials. */
    String jdbcUrl();

    /** The user name to connect with. */
    String user();

    /** The password to connect with; never printed by Migratest. */
    String password();

    /** A data source that opens a new connection to this database on every call. */
    DataSource dataSource();

    /** A Jdbi bound to {@link #dataSource()}. */
    Jdbi jdbi();

    /** Keeps this database on its server after close, so that a user can look inside. */
    void keep();

    /** Drops the database unless {@link #keep()} was called. Never throws. */
    @Override
    void close();
}
