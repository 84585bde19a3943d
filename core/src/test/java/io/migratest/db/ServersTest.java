package io.migratest.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.testing.TestServers;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every engine on each server core's tests use; MYSQL through both providers: the container of
 * the MySQL image and the machine's MySQL server (server provider).
 */
class ServersTest {

    static Stream<Arguments> servers() {
        return Stream.of(
                server("POSTGRES (embedded)", () -> TestServers.of(Engine.POSTGRES)),
                server("MARIADB (server)", () -> TestServers.of(Engine.MARIADB)),
                server("MYSQL (container)", () -> TestServers.container(Engine.MYSQL)),
                server("MYSQL (server)", TestServers::mysqlServer));
    }

    private static Arguments server(String name, Supplier<DatabaseServer> server) {
        return Arguments.of(Named.of(name, server));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void a_new_database_is_empty_isolated_and_dropped_on_close(Supplier<DatabaseServer> servers) {
        DatabaseServer server = servers.get();
        String name;
        try (TestDatabase first = server.createDatabase(); TestDatabase second = server.createDatabase()) {
            name = first.name();
            assertThat(first.name()).startsWith("migratest_").isNotEqualTo(second.name());
            first.jdbi().useHandle(h -> h.execute("CREATE TABLE t (id INTEGER)"));
            first.jdbi().useHandle(h -> h.execute("INSERT INTO t VALUES (1)"));
            assertThat(tableCount(second.jdbi(), second)).isZero();
            assertThat(tableCount(first.jdbi(), first)).isEqualTo(1);
        }
        assertThat(databaseExists(server, name)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void a_clone_holds_the_template_schema_and_rows(Supplier<DatabaseServer> servers) {
        DatabaseServer server = servers.get();
        try (TestDatabase template = server.createDatabase()) {
            template.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20))");
                h.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            });
            try (TestDatabase copy = server.cloneDatabase(template)) {
                copy.jdbi().useHandle(h -> h.execute("INSERT INTO t VALUES (3, 'c')"));
                assertThat(count(copy.jdbi())).isEqualTo(3);
                assertThat(count(template.jdbi())).isEqualTo(2);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void pooled_clones_are_distinct_copies_and_none_outlive_the_server(Engine engine) {
        DatabaseServer server = TestServers.fresh(engine);
        java.util.List<String> names = new java.util.ArrayList<>();
        try (server; TestDatabase template = server.createDatabase()) {
            template.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20))");
                h.execute("INSERT INTO t VALUES (1, 'a')");
            });
            for (int i = 0; i < 4; i++) {
                try (TestDatabase copy = server.cloneDatabase(template)) {
                    names.add(copy.name());
                    assertThat(count(copy.jdbi())).isEqualTo(1);
                    copy.jdbi().useHandle(h -> h.execute("INSERT INTO t VALUES (2, 'b')"));
                }
            }
            assertThat(names).doesNotHaveDuplicates();
            names.add(template.name());
        }
        try (DatabaseServer other = TestServers.fresh(engine)) {
            for (String name : names) {
                assertThat(databaseExists(other, name)).as("database %s after the server closed", name).isFalse();
            }
        }
    }

    private static long count(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM t").mapTo(Long.class).one());
    }

    private static long tableCount(Jdbi jdbi, TestDatabase database) {
        String schema = database.engine() == Engine.POSTGRES ? "public" : database.name();
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = :s")
                .bind("s", schema).mapTo(Long.class).one());
    }

    private static boolean databaseExists(DatabaseServer server, String name) {
        try (TestDatabase probe = server.createDatabase()) {
            String sql = server.engine() == Engine.POSTGRES
                    ? "SELECT COUNT(*) FROM pg_database WHERE datname = :n"
                    : "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = :n";
            return probe.jdbi().withHandle(h -> h.createQuery(sql).bind("n", name).mapTo(Long.class).one()) > 0;
        }
    }
}
