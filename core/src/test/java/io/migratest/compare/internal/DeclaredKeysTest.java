package io.migratest.compare.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which keys a query's table vouches for, read from the catalog of a real server. */
class DeclaredKeysTest {

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_plain_query_keeps_the_primary_key_and_unique_indexes_on_not_null_columns(Engine engine) throws Exception {
        try (TestDatabase database = TestServers.of(engine).createDatabase(); Handle handle = database.jdbi().open()) {
            handle.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, email VARCHAR(80) NOT NULL,"
                    + " nick VARCHAR(20), region INTEGER NOT NULL, number INTEGER NOT NULL)");
            handle.execute("CREATE UNIQUE INDEX accounts_email ON accounts (email)");
            handle.execute("CREATE UNIQUE INDEX accounts_nick ON accounts (nick)");
            handle.execute("CREATE UNIQUE INDEX accounts_region_number ON accounts (region, number)");

            assertThat(keys(handle, "SELECT * FROM accounts"))
                    .containsExactlyInAnyOrder(Set.of("id"), Set.of("email"), Set.of("region", "number"));
            assertThat(keys(handle, "select id, NICK from accounts where region = 3 order by id;"))
                    .containsExactly(Set.of("id"));
            assertThat(keys(handle, "SELECT email, region, number FROM accounts LIMIT 10"))
                    .containsExactlyInAnyOrder(Set.of("email"), Set.of("region", "number"));
            assertThat(DeclaredKeys.covers(keys(handle, "SELECT * FROM accounts"), List.of("number", "region", "nick")))
                    .isTrue();
            assertThat(DeclaredKeys.covers(keys(handle, "SELECT * FROM accounts"), List.of("region"))).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void anything_that_could_repeat_rows_vouches_for_nothing(Engine engine) throws Exception {
        try (TestDatabase database = TestServers.of(engine).createDatabase(); Handle handle = database.jdbi().open()) {
            handle.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name VARCHAR(20))");
            handle.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, account_id INTEGER)");

            assertThat(keys(handle, "SELECT a.id, n.id AS note FROM accounts a JOIN notes n ON n.account_id = a.id")).isEmpty();
            assertThat(keys(handle, "SELECT * FROM accounts, notes")).isEmpty();
            assertThat(keys(handle, "SELECT id FROM accounts UNION ALL SELECT id FROM accounts")).isEmpty();
            assertThat(keys(handle, "SELECT id AS key FROM accounts")).isEmpty();
            assertThat(keys(handle, "SELECT name FROM accounts")).isEmpty();
            assertThat(keys(handle, "SELECT id FROM accounts a")).isEmpty();
            assertThat(keys(handle, "SELECT * FROM no_such_table")).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void a_partial_unique_index_vouches_for_nothing() throws Exception {
        try (TestDatabase database = TestServers.of(Engine.POSTGRES).createDatabase(); Handle handle = database.jdbi().open()) {
            handle.execute("CREATE TABLE accounts (id INTEGER NOT NULL, active BOOLEAN NOT NULL)");
            handle.execute("CREATE UNIQUE INDEX accounts_active_id ON accounts (id) WHERE active");

            assertThat(keys(handle, "SELECT * FROM accounts")).isEmpty();
        }
    }

    private static List<Set<String>> keys(Handle handle, String query) throws Exception {
        return DeclaredKeys.of(handle.getConnection(), query);
    }
}
