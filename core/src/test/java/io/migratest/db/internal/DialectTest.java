package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DialectTest {

    @Test
    void postgres_quotes_with_double_quotes_and_doubles_those_inside() {
        Dialect postgres = Dialect.of(Engine.POSTGRES);
        assertThat(postgres.quote("order")).isEqualTo("\"order\"");
        assertThat(postgres.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(postgres.quote("it`s")).isEqualTo("\"it`s\"");
        assertThat(postgres.quote("")).isEqualTo("\"\"");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MYSQL", "MARIADB"})
    void mysql_and_mariadb_quote_with_backticks_and_double_those_inside(Engine engine) {
        Dialect dialect = Dialect.of(engine);
        assertThat(dialect.quote("offset")).isEqualTo("`offset`");
        assertThat(dialect.quote("a`b")).isEqualTo("`a``b`");
        assertThat(dialect.quote("``")).isEqualTo("``````");
        assertThat(dialect.quote("say \"hi\"")).isEqualTo("`say \"hi\"`");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void each_engine_has_one_dialect_that_speaks_for_it(Engine engine) {
        assertThat(Dialect.of(engine).engine()).isEqualTo(engine);
        assertThat(Dialect.of(engine)).isSameAs(Dialect.of(engine));
        assertThat(Dialect.of(engine).exampleUrl()).startsWith("jdbc:" + engine.vendor() + ":");
    }

    @Test
    void mariadb_is_mysql_but_for_its_driver() {
        assertThat(Dialect.of(Engine.MARIADB)).isInstanceOf(MySqlDialect.class);
        assertThat(Dialect.of(Engine.MARIADB).bulkLoadOptions()).isNotEqualTo(Dialect.of(Engine.MYSQL).bulkLoadOptions());
        assertThat(Dialect.of(Engine.MARIADB).productName()).isEqualTo("MariaDB");
    }

    /** A quoted name holding the quote character survives a round trip through the server. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_connection_finds_its_engine_dialect_and_quoted_names_reach_the_server(Engine engine) throws SQLException {
        try (TestDatabase database = TestServers.of(engine).createDatabase();
                Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            Dialect dialect = Dialect.of(connection);
            assertThat(dialect.engine()).isEqualTo(engine);
            String table = dialect.quote("we\"ird`table");
            String column = dialect.quote("select");
            statement.execute("CREATE TABLE " + table + " (" + column + " int)");
            statement.execute("INSERT INTO " + table + " (" + column + ") VALUES (7)");
            try (ResultSet rs = statement.executeQuery("SELECT " + column + " FROM " + table)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
        }
    }
}
