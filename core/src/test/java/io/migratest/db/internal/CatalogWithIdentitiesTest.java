package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.check.Schema;
import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.testing.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reading the tables with their identities in one go gives what reading them apart gives: the
 * same schema text and the same identities, through a rename, a table without columns and an
 * extension's objects.
 */
class CatalogWithIdentitiesTest {

    private static final String OBJECTS = "classpath:checks/schema/objects/{vendor}";

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void the_schema_and_identities_read_together_are_those_read_apart(Engine engine) throws SQLException {
        DatabaseServer server = engine == Engine.MYSQL ? TestServers.mysqlServer() : TestServers.of(engine);
        try (TestDatabase db = server.createDatabase()) {
            Migrator.configure(db).locations(OBJECTS).load().migrate();
            Dialect dialect = Dialect.of(engine);
            try (Connection connection = db.dataSource().getConnection()) {
                Reads before = Reads.read(dialect, connection);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ALTER TABLE customers RENAME TO clients");
                    if (engine == Engine.POSTGRES) {
                        statement.execute("CREATE TABLE no_columns ()");
                        statement.execute("ALTER TABLE clients RENAME COLUMN name TO full_name");
                    }
                }
                Reads after = Reads.read(dialect, connection);

                for (Reads read : List.of(before, after)) {
                    assertThat(read.together.schema().toText()).isEqualTo(read.tables.toText());
                    assertThat(read.wholeTogether.schema().toText()).isEqualTo(read.whole.toText());
                    assertThat(read.together.identities()).isEqualTo(read.identities);
                    assertThat(read.wholeTogether.identities()).isEqualTo(read.identities);
                }
                assertThat(after.tables.table("clients")).isPresent();
                if (engine == Engine.POSTGRES) {
                    // the rename keeps the table's identity, which is what tells it from a drop and a create
                    assertThat(after.identities.get("clients").id()).isEqualTo(before.identities.get("customers").id());
                    assertThat(after.identities.get("clients").columns()).containsValue("full_name");
                    assertThat(after.identities).doesNotContainKey("no_columns");
                    assertThat(after.tables.table("no_columns")).isPresent();
                } else {
                    assertThat(after.identities).isEmpty();
                }
            }
        }
    }

    /** One moment's reads: apart and together, tables only and whole. */
    private record Reads(Schema tables, Schema whole,
            Map<String, TableIdentity> identities, CatalogDialect.Catalog together,
            CatalogDialect.Catalog wholeTogether) {

        static Reads read(Dialect dialect, Connection connection) throws SQLException {
            String history = dialect.historyTable(connection).orElse(null);
            return new Reads(dialect.readTables(connection, history), dialect.readSchema(connection),
                    dialect.tableIdentities(connection), dialect.readWithIdentities(connection, false, history),
                    dialect.readWithIdentities(connection, true, history));
        }
    }
}
