package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.Template;
import io.migratest.db.TemplateKey;
import io.migratest.db.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedded PostgreSQL with a kept data directory, private to each test (so that reclaiming with
 * a tiny size cap cannot reach the templates of other runs on the machine's shared servers).
 */
class KeptTemplatesEmbeddedTest {

    @TempDir
    Path dataDir;

    private Settings settings(String... more) {
        Settings settings = Settings.of("migratest.embedded.dataDir", dataDir.toString());
        for (int i = 0; i < more.length; i += 2) {
            settings = settings.with(more[i], more[i + 1]);
        }
        return settings;
    }

    @Test
    void a_restarted_embedded_server_keeps_its_cluster_and_templates() {
        AtomicInteger builds = new AtomicInteger();
        TemplateKey key = TemplateKey.builder("embedded reuse").text("part", "1").build();
        String name;
        try (DatabaseServer first = new EmbeddedPostgresProvider().start(Engine.POSTGRES, settings())) {
            name = first.template(key, seeded(builds)).database().name();
        }
        assertThat(dataDir.resolve("slot-0").resolve("PG_VERSION")).as("the initialised cluster is kept").exists();

        try (DatabaseServer second = new EmbeddedPostgresProvider().start(Engine.POSTGRES, settings())) {
            Template again = second.template(key, seeded(builds));
            assertThat(again.reused()).isTrue();
            assertThat(again.database().name()).isEqualTo(name);
            try (TestDatabase copy = second.cloneDatabase(again.database())) {
                int rows = copy.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM seeded").mapTo(Integer.class).one());
                assertThat(rows).isEqualTo(1);
            }
        }
        assertThat(builds).hasValue(1);
    }

    @Test
    void two_jvms_at_once_each_get_a_data_directory_of_their_own() {
        try (DatabaseServer one = new EmbeddedPostgresProvider().start(Engine.POSTGRES, settings());
                DatabaseServer two = new EmbeddedPostgresProvider().start(Engine.POSTGRES, settings())) {
            assertThat(one.describe()).isNotEqualTo(two.describe());
            assertThat(dataDir.resolve("slot-0")).isDirectory();
            assertThat(dataDir.resolve("slot-1")).isDirectory();
        }
    }

    @Test
    void the_server_runs_with_crash_safety_off() {
        try (DatabaseServer server = new EmbeddedPostgresProvider().start(Engine.POSTGRES, settings());
                TestDatabase database = server.createDatabase()) {
            List<String> values = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")
                    .mapTo(String.class).list());
            assertThat(values).containsOnly("off").hasSize(3);
        }
    }

    @Test
    void reclaiming_drops_only_old_templates_and_never_a_database_migratest_did_not_create() throws SQLException {
        AtomicInteger builds = new AtomicInteger();
        String deadBuild = "migratest_tpl_" + "0123456789abcdef0123";
        try (ManagedServer setup = (ManagedServer) new EmbeddedPostgresProvider().start(Engine.POSTGRES, settings())) {
            setup.template(TemplateKey.builder("old one").text("part", "1").build(), seeded(builds));
            execute(setup, "CREATE DATABASE app_data");
            execute(setup, "CREATE DATABASE migratest_tpl_not_ours");
            execute(setup, "CREATE DATABASE " + deadBuild); // a build that died before its marker
        }
        // a later run with a cap of 1 MB: every template is past it
        try (ManagedServer later = (ManagedServer) new EmbeddedPostgresProvider().start(Engine.POSTGRES,
                settings("migratest.templates.maxSizeMb", "1", "migratest.reclaimAfterMinutes", "0"))) {
            Template inUse = later.template(TemplateKey.builder("new one").text("part", "2").build(), seeded(builds));
            List<String> dropped = later.evictTemplates();
            List<String> left = databases(later);

            assertThat(left).contains("app_data", "migratest_tpl_not_ours", inUse.database().name(),
                    TemplateRegistry.DATABASE);
            assertThat(left).doesNotContain(deadBuild);
            assertThat(left.stream().filter(n -> n.startsWith("migratest_tpl_") && n.length() == 34))
                    .as("of the kept templates only the one this run uses is left").containsExactly(inUse.database().name());
            assertThat(dropped).doesNotContain("app_data", "migratest_tpl_not_ours", inUse.database().name());
        }
    }

    private static Consumer<TestDatabase> seeded(AtomicInteger builds) {
        return database -> {
            builds.incrementAndGet();
            database.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE seeded (id INT)");
                h.execute("INSERT INTO seeded SELECT generate_series(1, 1)");
            });
        };
    }

    private static void execute(ManagedServer server, String sql) throws SQLException {
        try (TestDatabase any = server.createDatabase(); Connection c = any.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> databases(ManagedServer server) throws SQLException {
        try (TestDatabase any = server.createDatabase(); Connection c = any.dataSource().getConnection();
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT datname FROM pg_database")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
