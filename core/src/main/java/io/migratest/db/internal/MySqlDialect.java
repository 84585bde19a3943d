package io.migratest.db.internal;

import io.migratest.check.Schema;
import io.migratest.compare.internal.RowEncoding;
import io.migratest.compare.internal.RowHashes;
import io.migratest.db.Engine;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.conf.RuntimeProperty;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.JdbcStatement;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * MySQL through MySQL Connector/J: a database is a schema, copied object by object
 * ({@link MySqlClone}); fixtures go in as batched inserts the driver rewrites into multi-row
 * ones; rows are hashed with CRC-32s. {@link MariaDbDialect} extends it where MariaDB and its
 * driver differ.
 */
public class MySqlDialect implements Dialect {

    @Override
    public Engine engine() {
        return Engine.MYSQL;
    }

    @Override
    public final String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    // ---------------------------------------------------------------- server

    @Override
    public String createDatabase(String name) {
        return "CREATE DATABASE " + quote(name) + " CHARACTER SET utf8mb4";
    }

    @Override
    public String dropDatabase(String name) {
        return "DROP DATABASE IF EXISTS " + quote(name);
    }

    @Override
    public String listDatabases() {
        return "SELECT schema_name FROM information_schema.schemata";
    }

    @Override
    public void cloneDatabase(Connection admin, String template, String target) throws SQLException {
        new MySqlClone(this).cloneDatabase(admin, template, target);
    }

    @Override
    public boolean tryLockRun(Connection session, String runId) throws SQLException {
        try (PreparedStatement statement = session.prepareStatement("SELECT GET_LOCK(?, 0)")) {
            statement.setString(1, lockName(runId));
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    @Override
    public void unlockRun(Connection session, String runId) throws SQLException {
        try (PreparedStatement statement = session.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            statement.setString(1, lockName(runId));
            statement.executeQuery().close();
        }
    }

    @Override
    public boolean lockTemplate(Connection session, String name, int seconds) throws SQLException {
        try (PreparedStatement statement = session.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            statement.setString(1, name);
            statement.setInt(2, seconds);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                int got = rs.getInt(1);
                // 0 is a wait that ran out; NULL is an error on the server, never another run's hold
                if (rs.wasNull()) {
                    throw new SQLException("GET_LOCK('" + name + "') returned NULL: the server failed to take the lock"
                            + " (the session was killed, or the server ran out of memory); no other run was found holding it");
                }
                return got == 1;
            }
        }
    }

    @Override
    public void unlockTemplate(Connection session, String name) throws SQLException {
        try (PreparedStatement statement = session.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            statement.setString(1, name);
            statement.executeQuery().close();
        }
    }

    @Override
    public String databaseSizeQuery() {
        return "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables"
                + " WHERE table_schema = ?";
    }

    private static String lockName(String runId) {
        return "migratest_run_" + runId;
    }

    @Override
    public String productName() {
        return "MySQL";
    }

    /**
     * Where Connector/J may read client files for {@code LOAD DATA LOCAL}: nowhere. A path under
     * {@code /dev/null}, which is no directory, so nothing can ever be under it. Naming it makes the
     * driver offer the server the local-file capability (so Migratest's own loads can send rows
     * from memory, see {@link #loadLocalData}) while a statement that names a file, a user's or a
     * migration's, and a server that asks for one, are refused.
     */
    static final String NO_LOCAL_FILES = "/dev/null/migratest-reads-no-client-files";

    /**
     * Connector/J rewrites a batch into multi-row inserts, and may send generated rows as the
     * file of a {@code LOAD DATA LOCAL INFILE} (the server must allow it too,
     * {@link #loadsLocalData}). No connection is opened with {@code allowLoadLocalInfile=true},
     * which would let any statement on it, or the server, read any file this JVM can: the
     * capability is offered with {@link #NO_LOCAL_FILES} as the only readable path, and Migratest's
     * own loads allow the driver a stream of their rows for the one statement that sends them. A
     * URL that sets {@code allowLoadLocalInfile=false} keeps even that off, and the loads use
     * INSERTs.
     */
    @Override
    public String jdbcOptions() {
        return "rewriteBatchedStatements=true&allowLoadLocalInfileInPath=" + NO_LOCAL_FILES;
    }

    /** The container speaks plain TCP on localhost; MySQL 8's default authentication then needs the server's public key. */
    @Override
    public String containerJdbcOptions() {
        return "allowPublicKeyRetrieval=true&useSSL=false&" + jdbcOptions();
    }

    @Override
    public String defaultImage() {
        return "mysql:8.4";
    }

    // With user root the containers set MYSQL_ROOT_PASSWORD to the password and create no other user.
    @Override
    public JdbcDatabaseContainer<?> container(DockerImageName image, String password) {
        return new MySQLContainer(image).withUsername("root").withPassword(password);
    }

    @Override
    public List<String> containerDataDirectories() {
        return List.of("/var/lib/mysql");
    }

    @Override
    public int containerPort() {
        return 3306;
    }

    @Override
    public String adminDatabase() {
        return "";
    }

    // Only on a container Migratest started (its own): local_infile lets generated rows and fixtures
    // go in as LOAD DATA LOCAL from memory (off by default on MySQL 8+, on by default on MariaDB).
    @Override
    public List<String> cheapWriteStatements() {
        return List.of("SET GLOBAL innodb_flush_log_at_trx_commit = 2", "SET GLOBAL sync_binlog = 0",
                "SET GLOBAL local_infile = 1");
    }

    @Override
    public String defaultUser() {
        return "root";
    }

    @Override
    public String exampleUrl() {
        return "jdbc:" + engine().vendor() + "://127.0.0.1:3306/";
    }

    /** The MySQL drivers take milliseconds. */
    @Override
    public void openTimeouts(Properties properties, int seconds) {
        // Connector/J and MariaDB Connector/J count in milliseconds
        properties.setProperty("connectTimeout", Integer.toString(seconds * 1000));
        properties.setProperty("socketTimeout", Integer.toString(seconds * 1000));
    }

    // ---------------------------------------------------------------- reading rows

    @Override
    public String orderTerm(String quotedColumn, boolean text) {
        return exactTerm(quotedColumn, text);
    }

    @Override
    public String exactTerm(String quotedColumn, boolean text) {
        return text ? "CAST(" + quotedColumn + " AS BINARY)" : quotedColumn;
    }

    @Override
    public String distinctTerm(List<String> quotedColumns) {
        return String.join(", ", quotedColumns);
    }

    @Override
    public String storedName(String unquotedName) {
        return unquotedName;
    }

    @Override
    public String metadataCatalog(Connection connection, String qualifier) throws SQLException {
        return qualifier != null ? qualifier : connection.getCatalog();
    }

    @Override
    public String metadataSchema(Connection connection, String qualifier) {
        return null;
    }

    @Override
    public boolean hasSchemas() {
        return false;
    }

    @Override
    public boolean streamsInTransactionOnly() {
        return false;
    }

    /** Connector/J streams a result only with fetch size {@code Integer.MIN_VALUE}. */
    @Override
    public int streamingFetchSize(int rows) {
        return Integer.MIN_VALUE;
    }

    @Override
    public boolean comparesInDatabaseByDefault() {
        return false;
    }

    @Override
    public boolean encodesInJavaOnly(String typeName) {
        return "timestamp".equalsIgnoreCase(typeName);
    }

    @Override
    public int fractionDigits(int precision, int scale) {
        return precision > 20 ? Math.max(scale, precision - 20) : scale;
    }

    // Hex literals instead of backslashes, which NO_BACKSLASH_ESCAPES would change (and CHAR(92) is
    // evaluated per row). CONCAT_WS writes numbers, dates and whole-second date-times canonically itself.
    @Override
    public String encodedValue(RowEncoding.Column column) {
        String c = column.quoted();
        return switch (column.kind()) {
            case INTEGER, DATE -> c;
            case DECIMAL -> column.scale() == column.declaredScale() ? c
                    : "CAST(" + c + " AS DECIMAL(65, " + column.scale() + "))";
            case BOOLEAN -> "(" + c + " <> 0)";
            case TEXT -> "REPLACE(REPLACE(CONVERT(" + c + " USING utf8mb4), _utf8mb4 0x5C, _utf8mb4 0x5C5C),"
                    + " _utf8mb4 0x7C, _utf8mb4 0x5C7C)";
            // MySQL pads the fraction to the column's digits; PostgreSQL's style drops trailing zeros
            case TIMESTAMP, INSTANT -> column.declaredScale() == 0 ? c
                    : "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(" + c + " AS CHAR)))";
        };
    }

    @Override
    public String encodedNull() {
        return "_utf8mb4 0x5C4E";
    }

    @Override
    public long hash60(String text) {
        return RowHashes.mysqlHash60(text);
    }

    @Override
    public String hash60Sql(String textExpression) {
        return RowHashes.mysqlHash60Sql(textExpression);
    }

    @Override
    public long bucketHash(String keyText) {
        return RowHashes.crc32(keyText);
    }

    @Override
    public String bucketSql(String keyText, int mask) {
        return "(CRC32(" + keyText + ") & " + mask + ")";
    }

    // ---------------------------------------------------------------- writing rows

    /** Connector/J rewrites a batch into multi-row {@code INSERT}s, and may load data from a stream. */
    @Override
    public String bulkLoadOptions() {
        return jdbcOptions();
    }

    @Override
    public boolean loadsLocalData(Connection connection) throws SQLException {
        if (!driverLoadsLocalData(connection)) {
            return false;
        }
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT @@local_infile")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /**
     * Whether Connector/J offered the server {@code LOAD DATA LOCAL}: with {@code allowLoadLocalInfile}
     * or a safe path ({@link #jdbcOptions()}), unless the URL said {@code allowLoadLocalInfile=false}.
     */
    boolean driverLoadsLocalData(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return false;
        }
        PropertySet properties = connection.unwrap(JdbcConnection.class).getPropertySet();
        RuntimeProperty<Boolean> allow = properties.getBooleanProperty(PropertyKey.allowLoadLocalInfile);
        return allow.getValue()
                || !allow.isExplicitlySet() && properties.getStringProperty(PropertyKey.allowLoadLocalInfileInPath).getValue() != null;
    }

    /** Makes {@code rows} the file the next {@code LOAD DATA LOCAL} of {@code statement} reads. */
    void useAsLocalFile(Statement statement, InputStream rows) throws SQLException {
        statement.unwrap(JdbcStatement.class).setLocalInfileInputStream(rows);
    }

    /**
     * Lets the driver send the statement's stream (it sends one only while
     * {@code allowLoadLocalInfile} is on, and then sends the stream whatever file the server
     * names); the returned step turns it off again. A no-op where it is on already.
     */
    Runnable allowOwnRowsOnly(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return () -> { };
        }
        RuntimeProperty<Boolean> allow = connection.unwrap(JdbcConnection.class).getPropertySet()
                .getBooleanProperty(PropertyKey.allowLoadLocalInfile);
        if (allow.getValue()) {
            return () -> { };
        }
        allow.setValue(true);
        return () -> allow.setValue(false);
    }

    @Override
    public LocalLoad loadLocalData(Connection connection, String loadData, byte[] rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            useAsLocalFile(statement, new ByteArrayInputStream(rows));
            long taken;
            Runnable disallow = allowOwnRowsOnly(connection);
            try {
                taken = statement.executeUpdate(loadData);
            } finally {
                disallow.run();
            }
            SQLWarning warning = statement.getWarnings();
            return new LocalLoad(taken, warning == null ? null : warning.getMessage());
        }
    }

    @Override
    public String loadDataStatement(String quotedTable, List<String> quotedColumns, boolean[] hexColumns,
            boolean[] bitColumns) {
        StringBuilder fields = new StringBuilder();
        StringBuilder conversions = new StringBuilder();
        for (int i = 0; i < quotedColumns.size(); i++) {
            fields.append(i == 0 ? "" : ", ");
            if (hexColumns[i] || bitColumns[i]) {
                String variable = "@v" + i;
                fields.append(variable);
                conversions.append(conversions.length() == 0 ? " SET " : ", ").append(quotedColumns.get(i)).append(" = ")
                        .append(bitColumns[i] ? "CAST(CONV(" + variable + ", 16, 10) AS UNSIGNED)" : "UNHEX(" + variable + ")");
            } else {
                fields.append(quotedColumns.get(i));
            }
        }
        return "LOAD DATA LOCAL INFILE 'migratest-rows' INTO TABLE " + quotedTable + " CHARACTER SET utf8mb4"
                + " FIELDS TERMINATED BY X'09' ESCAPED BY X'5C' LINES TERMINATED BY X'0A' (" + fields + ")" + conversions;
    }

    @Override
    public boolean loadsWithCopy() {
        return false;
    }

    @Override
    public boolean backslashEscapes() {
        return true;
    }

    @Override
    public boolean holdsInstant(String typeName) {
        return typeName.toUpperCase(java.util.Locale.ROOT).startsWith("TIMESTAMP");
    }

    @Override
    public String insertDefaults(String quotedTable) {
        return "INSERT INTO " + quotedTable + " () VALUES ()";
    }

    @Override
    public String literal(String value, String columnType) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public String bytesLiteral(String hex, String columnType) {
        return "X'" + hex + "'";
    }

    @Override
    public String generatedBoolean(long n, String columnType) {
        return Long.toString(n % 2);
    }

    @Override
    public String valueFamily(String baseType, String columnType) {
        return baseType.equals("tinyint") && columnType.startsWith("tinyint(1)") ? "bool" : null;
    }

    @Override
    public boolean textMayBeJson(String baseType) {
        return baseType.endsWith("text");
    }

    // ---------------------------------------------------------------- catalog

    @Override
    public Schema readSchema(Connection connection) throws SQLException {
        return MySqlCatalog.read(connection, this, true, null);
    }

    @Override
    public Schema readTables(Connection connection, String historyTable) throws SQLException {
        return MySqlCatalog.read(connection, this, false, historyTable);
    }

    /**
     * No: MySQL and MariaDB refuse DDL in a trigger or stored function (it would commit
     * implicitly, which they do not allow there), so a row statement changes no table's definition.
     */
    @Override
    public boolean rowStatementsMayChangeTables(Connection connection) {
        return false;
    }

    @Override
    public String currentSchemaFunction() {
        return "DATABASE()";
    }

    /**
     * A query of each CHECK constraint's table, name and clause in the current database. MySQL's
     * {@code check_constraints} has no table name; {@code table_constraints} has.
     */
    String checkConstraintsQuery() {
        return "SELECT tc.table_name, cc.constraint_name, cc.check_clause"
                + " FROM information_schema.check_constraints cc JOIN information_schema.table_constraints tc"
                + " ON tc.constraint_schema = cc.constraint_schema AND tc.constraint_name = cc.constraint_name"
                + " AND tc.constraint_type = 'CHECK' WHERE cc.constraint_schema = DATABASE() ORDER BY 1, 2";
    }

    /**
     * A query of each index column in the current database, in order: table, index, non-unique,
     * column (null for an expression), prefix length, method, collation ({@code D} descending),
     * expression, and whether the index is invisible to the optimizer.
     */
    String indexColumnsQuery() {
        return "SELECT table_name, index_name, non_unique, column_name, sub_part, index_type, collation, expression,"
                + " is_visible = 'NO' FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND index_name <> 'PRIMARY' ORDER BY table_name, index_name, seq_in_index";
    }

    /** A query of the names of the current database's sequences; MySQL has none. */
    Optional<String> sequencesQuery() {
        return Optional.empty();
    }

    @Override
    public LockWaits lockWaits() {
        return new MySqlLockWaits();
    }
}
