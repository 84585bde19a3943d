package io.migratest.db.internal;

import io.migratest.check.Schema;
import io.migratest.compare.internal.RowEncoding;
import io.migratest.compare.internal.RowHashes;
import io.migratest.db.Engine;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.postgresql.PGConnection;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL: databases are copied file by file with {@code CREATE DATABASE ... TEMPLATE}, rows
 * are loaded with {@code COPY}, the catalog is {@code pg_catalog}, and rows are hashed with the
 * server's own {@code hashtextextended}.
 */
public final class PostgresDialect implements Dialect {

    /** The first key of Migratest's two-key advisory locks ("mgts"), apart from an application's own. */
    private static final int LOCK_SPACE = 0x6D677473;
    /** The first key of the locks on kept templates ("mgtt"). */
    private static final int TEMPLATE_LOCK_SPACE = 0x6D677474;
    private static final long BUCKET_SEED = 1;

    @Override
    public Engine engine() {
        return Engine.POSTGRES;
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    // ---------------------------------------------------------------- server

    @Override
    public String createDatabase(String name) {
        return "CREATE DATABASE " + quote(name);
    }

    @Override
    public String dropDatabase(String name) {
        // FORCE ends sessions a test left open (PostgreSQL 13+), so a leaked connection
        // cannot keep a database alive after its test.
        return "DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)";
    }

    @Override
    public void cloneDatabase(Connection admin, String template, String target) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            // STRATEGY FILE_COPY copies files instead of WAL-logging every block (PostgreSQL 15+
            // defaults to WAL_LOG, which is slower for the small databases tests use).
            String sql = "CREATE DATABASE " + quote(target) + " TEMPLATE " + quote(template);
            if (admin.getMetaData().getDatabaseMajorVersion() >= 15) {
                sql += " STRATEGY FILE_COPY";
            }
            statement.execute(sql);
        }
    }

    @Override
    public String listDatabases() {
        return "SELECT datname FROM pg_database";
    }

    @Override
    public boolean tryLockRun(Connection session, String runId) throws SQLException {
        return advisory(session, "SELECT pg_try_advisory_lock(?, ?)", runId);
    }

    @Override
    public void unlockRun(Connection session, String runId) throws SQLException {
        advisory(session, "SELECT pg_advisory_unlock(?, ?)", runId);
    }

    @Override
    public boolean lockTemplate(Connection session, String name, int seconds) throws SQLException {
        if (seconds == 0) {
            return advisory(session, "SELECT pg_try_advisory_lock(?, ?)", TEMPLATE_LOCK_SPACE, name);
        }
        // lock_timeout bounds the wait; the session's own value is put back afterwards
        String previous;
        try (Statement statement = session.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_setting('lock_timeout')")) {
            rs.next();
            previous = rs.getString(1);
        }
        setLockTimeout(session, seconds + "s");
        try {
            return advisory(session, "SELECT pg_advisory_lock(?, ?) IS NOT NULL", TEMPLATE_LOCK_SPACE, name);
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        } finally {
            setLockTimeout(session, previous);
        }
    }

    private static void setLockTimeout(Connection session, String value) throws SQLException {
        try (PreparedStatement statement = session.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
            statement.setString(1, value);
            statement.executeQuery().close();
        }
    }

    @Override
    public void unlockTemplate(Connection session, String name) throws SQLException {
        advisory(session, "SELECT pg_advisory_unlock(?, ?)", TEMPLATE_LOCK_SPACE, name);
    }

    @Override
    public String databaseSizeQuery() {
        return "SELECT pg_database_size(?)";
    }

    private static boolean advisory(Connection session, String sql, String runId) throws SQLException {
        return advisory(session, sql, LOCK_SPACE, runId);
    }

    // Two run ids with one hash share a lock: a dead run then looks alive and its databases stay,
    // which errs on the safe side.
    private static boolean advisory(Connection session, String sql, int space, String name) throws SQLException {
        try (PreparedStatement statement = session.prepareStatement(sql)) {
            statement.setInt(1, space);
            statement.setInt(2, name.hashCode());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    public String productName() {
        return "PostgreSQL";
    }

    @Override
    public String jdbcOptions() {
        return "reWriteBatchedInserts=true";
    }

    @Override
    public String defaultImage() {
        return "postgres:17";
    }

    @Override
    public JdbcDatabaseContainer<?> container(DockerImageName image, String password) {
        // POSTGRES_USER is the cluster's superuser.
        return new PostgreSQLContainer(image).withUsername("migratest").withPassword(password);
    }

    @Override
    public List<String> containerDataDirectories() {
        return List.of("/var/lib/postgresql/data");
    }

    @Override
    public int containerPort() {
        return 5432;
    }

    @Override
    public String adminDatabase() {
        return "postgres";
    }

    @Override
    public List<String> cheapWriteStatements() {
        return List.of("ALTER SYSTEM SET synchronous_commit = off", "ALTER SYSTEM SET full_page_writes = off",
                "SELECT pg_reload_conf()");
    }

    @Override
    public String defaultUser() {
        return "postgres";
    }

    @Override
    public String exampleUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/postgres";
    }

    @Override
    public void openTimeouts(Properties properties, int seconds) {
        // pgjdbc counts in seconds
        properties.setProperty("connectTimeout", Integer.toString(seconds));
        properties.setProperty("loginTimeout", Integer.toString(seconds));
        properties.setProperty("socketTimeout", Integer.toString(seconds));
    }

    // ---------------------------------------------------------------- reading rows

    @Override
    public String orderTerm(String quotedColumn, boolean text) {
        return (text ? quotedColumn + " COLLATE \"C\"" : quotedColumn) + " NULLS FIRST";
    }

    @Override
    public String exactTerm(String quotedColumn, boolean text) {
        return quotedColumn;
    }

    @Override
    public String distinctTerm(List<String> quotedColumns) {
        String columns = String.join(", ", quotedColumns);
        return quotedColumns.size() > 1 ? "ROW(" + columns + ")" : columns;
    }

    @Override
    public String storedName(String unquotedName) {
        return unquotedName.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String metadataCatalog(Connection connection, String qualifier) {
        return null;
    }

    @Override
    public String metadataSchema(Connection connection, String qualifier) throws SQLException {
        return qualifier != null ? qualifier : connection.getSchema();
    }

    @Override
    public boolean hasSchemas() {
        return true;
    }

    @Override
    public boolean streamsInTransactionOnly() {
        return true;
    }

    @Override
    public int streamingFetchSize(int rows) {
        return rows;
    }

    @Override
    public boolean comparesInDatabaseByDefault() {
        return true;
    }

    @Override
    public boolean encodesInJavaOnly(String typeName) {
        return false;
    }

    @Override
    public int fractionDigits(int precision, int scale) {
        return scale;
    }

    // The casts to text are the server's own output functions (the driver pins DateStyle to ISO).
    @Override
    public String encodedValue(RowEncoding.Column column) {
        String c = column.quoted();
        return switch (column.kind()) {
            case INTEGER, DATE, TIMESTAMP -> "CAST(" + c + " AS text)";
            case DECIMAL -> column.scale() == column.declaredScale() ? "CAST(" + c + " AS text)"
                    : "CAST(round(" + c + ", " + column.scale() + ") AS text)";
            case BOOLEAN -> "CAST(CAST(" + c + " AS integer) AS text)";
            case TEXT -> "replace(replace(CAST(" + c + " AS text), '\\', '\\\\'), '|', '\\|')";
            case INSTANT -> "CAST(" + c + " AT TIME ZONE 'UTC' AS text)";
        };
    }

    @Override
    public String encodedNull() {
        return "'\\N'";
    }

    @Override
    public long hash60(String text) {
        return RowHashes.postgresHash(text, 0) & RowEncoding.HASH_MASK;
    }

    @Override
    public String hash60Sql(String textExpression) {
        return "(" + RowHashes.postgresHashSql(textExpression, 0) + " & " + RowEncoding.HASH_MASK + ")";
    }

    @Override
    public long bucketHash(String keyText) {
        return RowHashes.postgresHash(keyText, BUCKET_SEED);
    }

    @Override
    public String bucketSql(String keyText, int mask) {
        return "(" + RowHashes.postgresHashSql(keyText, BUCKET_SEED) + " & " + mask + ")";
    }

    // ---------------------------------------------------------------- writing rows

    @Override
    public String bulkLoadOptions() {
        return null;
    }

    @Override
    public boolean loadsWithCopy() {
        return true;
    }

    @Override
    public long copyText(Connection connection, String quotedTable, String quotedColumns, String rows)
            throws SQLException {
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + quotedTable + " (" + quotedColumns
                    + ") FROM STDIN", new StringReader(rows));
        } catch (IOException e) {
            throw new SQLException("COPY into " + quotedTable + " could not read its rows: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean backslashEscapes() {
        return false;
    }

    @Override
    public boolean holdsInstant(String typeName) {
        return typeName.equalsIgnoreCase("timestamptz");
    }

    @Override
    public String insertDefaults(String quotedTable) {
        return "INSERT INTO " + quotedTable + " DEFAULT VALUES";
    }

    /** Cast to the column's type, so that every type accepts text. */
    @Override
    public String literal(String value, String columnType) {
        String type = columnType.endsWith(" identity")
                ? columnType.substring(0, columnType.length() - " identity".length()) : columnType;
        return "'" + value.replace("'", "''") + "'::" + type;
    }

    @Override
    public String bytesLiteral(String hex, String columnType) {
        return literal("\\x" + hex, columnType);
    }

    @Override
    public String generatedBoolean(long n, String columnType) {
        return literal(n % 2 == 0 ? "true" : "false", columnType);
    }

    @Override
    public String valueFamily(String baseType, String columnType) {
        return baseType.equals("bit") ? "other" : null;
    }

    @Override
    public boolean textMayBeJson(String baseType) {
        return false;
    }

    // ---------------------------------------------------------------- catalog

    @Override
    public Schema readSchema(Connection connection) throws SQLException {
        return PostgresCatalog.read(connection, this, true, null, null);
    }

    @Override
    public Schema readTables(Connection connection, String historyTable) throws SQLException {
        return PostgresCatalog.read(connection, this, false, historyTable, null);
    }

    @Override
    public Catalog readWithIdentities(Connection connection, boolean whole, String historyTable) throws SQLException {
        Map<String, TableIdentity> identities = new TreeMap<>();
        Schema schema = PostgresCatalog.read(connection, this, whole, whole ? null : historyTable, identities);
        return new Catalog(schema, identities);
    }

    /**
     * A trigger function, or any function a statement calls, may run DDL on PostgreSQL: unless no
     * trigger exists and no function outside the system's own schemas, a data-only step may have
     * changed the tables. (Rules cannot: their actions are row statements only.)
     */
    @Override
    public boolean rowStatementsMayChangeTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE NOT tgisinternal)"
                        + " OR EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))")) {
            return !rs.next() || rs.getBoolean(1);
        }
    }

    @Override
    public Map<String, TableIdentity> tableIdentities(Connection connection) throws SQLException {
        return PostgresCatalog.tableIdentities(connection);
    }

    @Override
    public String currentSchemaFunction() {
        return "current_schema()";
    }

    @Override
    public LockWaits lockWaits() {
        return new PostgresLockWaits();
    }
}
