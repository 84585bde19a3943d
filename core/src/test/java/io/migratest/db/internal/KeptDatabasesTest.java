package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database kept for inspection survives the reclaim of every later run, even one that reclaims
 * dead runs at once; a killed run's databases beside it are still reclaimed. The reclaim runs on
 * servers private to this test JVM (an embedded PostgreSQL, a MariaDB and a MySQL container), so
 * that it cannot touch databases of other runs on the machine's shared services.
 */
class KeptDatabasesTest {

    private final ServerProvider provider = new ServerProvider();

    @Test
    void names_of_kept_databases_and_their_markers() {
        assertThat(KeptDatabases.markerOf("migratest_tpfc21qq8j_4")).isEqualTo("migratest_kept_tpfc21qq8j_4");
        assertThat(KeptDatabases.keptBy("migratest_kept_tpfc21qq8j_4")).isEqualTo("migratest_tpfc21qq8j_4");
        assertThat(ManagedServer.DATABASE_NAME.matcher("migratest_kept_tpfc21qq8j_4").matches()).isFalse();
        Set<String> server = Set.of("migratest_a1_1", "migratest_kept_a1_1", "migratest_a1_2", "migratest_kept_b2_3",
                "migratest_x", "postgres");
        assertThat(KeptDatabases.reclaimableRun("migratest_a1_1", server)).as("kept").isEmpty();
        assertThat(KeptDatabases.reclaimableRun("migratest_kept_a1_1", server)).as("a marker of a kept one").isEmpty();
        assertThat(KeptDatabases.reclaimableRun("migratest_a1_2", server)).as("not kept").hasValue("a1");
        assertThat(KeptDatabases.reclaimableRun("migratest_kept_b2_3", server)).as("marker, database gone").hasValue("b2");
        assertThat(KeptDatabases.reclaimableRun("migratest_x", server)).isEmpty();
        assertThat(KeptDatabases.reclaimableRun("postgres", server)).isEmpty();
        assertThat(KeptDatabases.howToDrop("migratest_a1_1")).startsWith("drop it when done with DROP DATABASE migratest_a1_1;");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_kept_database_is_never_reclaimed_and_its_marker_goes_once_it_is_dropped(Engine engine) throws Exception {
        if (engine == Engine.POSTGRES) {
            try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
                keptAcrossRuns(engine, postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
            }
        } else {
            // Another run of this JVM's container, alive for the whole test: its database gives the URL.
            DatabaseServer container = TestServers.container(engine);
            try (TestDatabase anchor = container.createDatabase()) {
                keptAcrossRuns(engine, anchor.jdbcUrl(), anchor.user(), anchor.password());
            }
        }
    }

    private void keptAcrossRuns(Engine engine, String url, String user, String password) throws SQLException {
        Dialect dialect = Dialects.of(engine);
        Settings settings = Settings.of("migratest." + engine.key() + ".url", url, "migratest." + engine.key() + ".user", user,
                "migratest." + engine.key() + ".password", password, "migratest.reclaimAfterMinutes", "0");
        String kept;
        String notKept;
        try (DatabaseServer failedRun = provider.start(engine, settings)) {
            TestDatabase keep = failedRun.createDatabase();
            TestDatabase other = failedRun.createDatabase();
            kept = keep.name();
            notKept = other.name();
            keep.keep();
            keep.close();
            other.close();
        }
        String marker = KeptDatabases.markerOf(kept);
        String killedRun = "migratest_" + RunId.next() + "_1";
        try (Connection admin = DriverManager.getConnection(url, user, password); Statement statement = admin.createStatement()) {
            try {
                assertThat(databases(admin, dialect)).contains(kept, marker).doesNotContain(notKept);
                statement.execute(dialect.createDatabase(killedRun));

                try (DatabaseServer laterRun = provider.start(engine, settings)) {
                    assertThat(laterRun.providerName()).isEqualTo("server");
                    assertThat(databases(admin, dialect)).as("after a later run reclaimed dead runs at once")
                            .contains(kept, marker).doesNotContain(killedRun);
                }

                statement.execute(dialect.dropDatabase(kept));
                try (DatabaseServer laterStill = provider.start(engine, settings)) {
                    assertThat(laterStill.engine()).isEqualTo(engine);
                    assertThat(databases(admin, dialect)).as("the marker of a database dropped by hand")
                            .doesNotContain(kept, marker);
                }
            } finally {
                for (String name : List.of(kept, marker, killedRun)) {
                    statement.execute(dialect.dropDatabase(name));
                }
            }
        }
    }

    private static List<String> databases(Connection admin, Dialect dialect) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = admin.createStatement(); ResultSet rs = statement.executeQuery(dialect.listDatabases())) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
