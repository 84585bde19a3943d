package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Containers Migratest starts run tuned for tests: crash safety off, data on tmpfs where the
 * image starts so. Skipped without Docker (TestServers).
 */
class TunedContainersTest {

    @Test
    void a_postgres_container_runs_with_crash_safety_off() {
        DatabaseServer server = TestServers.container(Engine.POSTGRES);
        try (TestDatabase database = server.createDatabase()) {
            List<String> values = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")
                    .mapTo(String.class).list());
            assertThat(values).hasSize(3).containsOnly("off");
        }
    }

    @Test
    void a_mysql_container_flushes_its_log_once_a_second_not_per_commit() {
        DatabaseServer server = TestServers.container(Engine.MYSQL);
        try (TestDatabase database = server.createDatabase()) {
            Map<String, Object> row = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT @@innodb_flush_log_at_trx_commit AS flush, @@sync_binlog AS sync").mapToMap().one());
            assertThat(String.valueOf(row.get("flush"))).isEqualTo("2");
            assertThat(String.valueOf(row.get("sync"))).isEqualTo("0");
        }
    }

    @Test
    void the_engines_name_their_container_data_directories_for_tmpfs() {
        assertThat(Dialect.of(Engine.POSTGRES).containerDataDirectories()).containsExactly("/var/lib/postgresql/data");
        assertThat(Dialect.of(Engine.MYSQL).containerDataDirectories()).containsExactly("/var/lib/mysql");
        assertThat(Dialect.of(Engine.MARIADB).containerDataDirectories()).contains("/var/lib/mysql");
    }
}
