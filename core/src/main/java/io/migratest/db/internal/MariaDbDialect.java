package io.migratest.db.internal;

import io.migratest.db.Engine;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * MariaDB through MariaDB Connector/J: the MySQL dialect, but for the driver's options, the
 * container and its catalog's table of CHECK constraints.
 */
public final class MariaDbDialect extends MySqlDialect {

    @Override
    public Engine engine() {
        return Engine.MARIADB;
    }

    /** Histories written for MySQL and MariaDB often keep one {@code mysql} folder, which MariaDB runs. */
    @Override
    public Optional<String> fallbackVendor() {
        return Optional.of(Engine.MYSQL.vendor());
    }

    @Override
    public String productName() {
        return "MariaDB";
    }

    /** Connector/J 3 sends batched inserts in bulk by default ({@code useBulkStmtsForInserts}). */
    @Override
    public String jdbcOptions() {
        return "";
    }

    @Override
    public String containerJdbcOptions() {
        return jdbcOptions();
    }

    @Override
    public String defaultImage() {
        return "mariadb:11.4";
    }

    @Override
    public JdbcDatabaseContainer<?> container(DockerImageName image, String password) {
        return new MariaDBContainer(image).withUsername("root").withPassword(password);
    }

    /** MariaDB Connector/J streams with an ordinary fetch size. */
    @Override
    public int streamingFetchSize(int rows) {
        return rows;
    }

    /** The driver sends a batch as one bulk command. */
    @Override
    public String bulkLoadOptions() {
        return "useBulkStmts=true&useBulkStmtsForInserts=true";
    }

    /** MariaDB Connector/J allows {@code LOAD DATA LOCAL} unless connected with {@code allowLocalInfile=false}. */
    @Override
    boolean driverLoadsLocalData(Connection connection) throws SQLException {
        return connection.isWrapperFor(org.mariadb.jdbc.Connection.class)
                && connection.unwrap(org.mariadb.jdbc.Connection.class).getContext().getConf().allowLocalInfile();
    }

    @Override
    void useAsLocalFile(Statement statement, InputStream rows) throws SQLException {
        statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(rows);
    }

    /** MariaDB's {@code check_constraints} names each constraint's table (names are per table there). */
    @Override
    String checkConstraintsQuery() {
        return "SELECT table_name, constraint_name, check_clause FROM information_schema.check_constraints"
                + " WHERE constraint_schema = DATABASE() ORDER BY 1, 2";
    }

    // the official image's data directory, and the one of images that keep Debian's initialised
    // /var/lib/mysql apart (as this project's local CI image does)
    @Override
    public List<String> containerDataDirectories() {
        return List.of("/var/lib/mysql", "/var/lib/mysql-data");
    }

    /** MariaDB's statistics have no expression indexes and say "ignored" where MySQL says "invisible". */
    @Override
    String indexColumnsQuery() {
        return "SELECT table_name, index_name, non_unique, column_name, sub_part, index_type, collation, NULL,"
                + " ignored = 'YES' FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND index_name <> 'PRIMARY' ORDER BY table_name, index_name, seq_in_index";
    }

    @Override
    Optional<String> sequencesQuery() {
        return Optional.of("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_type = 'SEQUENCE' ORDER BY 1");
    }
}
