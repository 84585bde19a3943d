package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.Template;
import io.migratest.db.TemplateKey;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.testing.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kept templates on real servers: the machine's PostgreSQL, MariaDB and MySQL through the server
 * provider, each {@code start} standing for another run (a run id and sessions of its own, as
 * another JVM has). Every key carries a random part, so runs of this test never meet each
 * other's templates; the templates made are dropped after each test.
 */
class TemplateCacheTest {

    @TempDir
    Path migrations;

    private final List<DatabaseServer> servers = new ArrayList<>();
    private final List<String> made = new ArrayList<>();
    private final String unique = UUID.randomUUID().toString();

    @AfterEach
    void dropTemplatesAndStop() {
        for (DatabaseServer server : servers) {
            server.close();
        }
        if (!servers.isEmpty()) {
            DatabaseServer cleaner = run(servers.get(0).engine());
            for (String name : made) {
                execute(cleaner, Dialect.of(cleaner.engine()).dropDatabase(name));
            }
            cleaner.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_second_run_reuses_the_template_without_building_it(Engine engine) {
        AtomicInteger builds = new AtomicInteger();
        TemplateKey key = key("reuse");

        Template first = template(run(engine), key, counting(builds));
        Template second = template(run(engine), key, counting(builds));

        assertThat(builds).hasValue(1);
        assertThat(first.reused()).isFalse();
        assertThat(first.reason()).contains("no template was kept for it yet");
        assertThat(second.reused()).isTrue();
        assertThat(second.reason()).startsWith("reused " + first.database().name());
        assertThat(second.database().name()).isEqualTo(first.database().name()).startsWith("migratest_tpl_");
        DatabaseServer server = servers.get(1);
        try (TestDatabase copy = server.cloneDatabase(second.database())) {
            String note = copy.jdbi().withHandle(h -> h.createQuery("SELECT note FROM seeded").mapTo(String.class).one());
            assertThat(note).isEqualTo("built");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void two_runs_racing_for_one_template_build_it_once(Engine engine) throws Exception {
        AtomicInteger builds = new AtomicInteger();
        TemplateKey key = key("race");
        DatabaseServer one = run(engine);
        DatabaseServer two = run(engine);
        CountDownLatch start = new CountDownLatch(1);
        Consumer<TestDatabase> slowBuild = database -> {
            counting(builds).accept(database);
            sleep(500); // long enough for the other run to be waiting on the lock
        };
        CompletableFuture<Template> a = CompletableFuture.supplyAsync(() -> await(start, one, key, slowBuild));
        CompletableFuture<Template> b = CompletableFuture.supplyAsync(() -> await(start, two, key, slowBuild));
        start.countDown();

        Template first = a.get();
        Template second = b.get();
        assertThat(builds).hasValue(1);
        assertThat(first.database().name()).isEqualTo(second.database().name());
        assertThat(List.of(first.reused(), second.reused())).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void editing_a_migration_rebuilds_the_template_and_names_the_file() throws IOException {
        Files.writeString(migrations.resolve("V1__create.sql"), "CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20));");
        Files.writeString(migrations.resolve("V2__fill.sql"), "INSERT INTO item VALUES (1, 'old');");
        Template first = migrated(run(Engine.POSTGRES));
        Files.writeString(migrations.resolve("V2__fill.sql"), "INSERT INTO item VALUES (1, 'new');");
        Template second = migrated(run(Engine.POSTGRES));
        Template third = migrated(run(Engine.POSTGRES));

        assertThat(second.reused()).isFalse();
        assertThat(second.database().name()).isNotEqualTo(first.database().name());
        assertThat(second.reason()).contains("V2__fill.sql changed").doesNotContain("V1__create.sql");
        assertThat(third.reused()).isTrue();
        assertThat(third.database().name()).isEqualTo(second.database().name());
        try (TestDatabase copy = servers.get(2).cloneDatabase(third.database())) {
            String name = copy.jdbi().withHandle(h -> h.createQuery("SELECT name FROM item").mapTo(String.class).one());
            assertThat(name).as("a copy of the rebuilt template, never the stale one").isEqualTo("new");
        }
    }

    @Test
    void a_changed_fixture_or_flyway_setting_is_another_template() throws IOException {
        Path fixture = migrations.resolve("users.csv");
        Files.writeString(fixture, "id\n1\n");
        AtomicInteger builds = new AtomicInteger();
        TemplateKey before = TemplateKey.builder(unique).fixture(fixture.toString()).text("flyway settings", "a").build();
        Files.writeString(fixture, "id\n2\n");
        TemplateKey fixtureEdited = TemplateKey.builder(unique).fixture(fixture.toString()).text("flyway settings", "a").build();
        TemplateKey settingEdited = TemplateKey.builder(unique).fixture(fixture.toString()).text("flyway settings", "b").build();

        DatabaseServer server = run(Engine.POSTGRES);
        Template original = template(server, before, counting(builds));
        Template afterFixture = template(run(Engine.POSTGRES), fixtureEdited, counting(builds));
        Template afterSetting = template(run(Engine.POSTGRES), settingEdited, counting(builds));

        assertThat(builds).hasValue(3);
        assertThat(afterFixture.reason()).contains("fixture " + fixture + " changed");
        assertThat(afterSetting.reason()).contains("flyway settings changed");
        assertThat(List.of(original, afterFixture, afterSetting)).extracting(t -> t.database().name()).doesNotHaveDuplicates();
    }

    @Test
    void a_template_whose_marker_is_gone_is_rebuilt_not_served() {
        AtomicInteger builds = new AtomicInteger();
        TemplateKey key = key("marker");
        Template first = template(run(Engine.POSTGRES), key, counting(builds));
        // a build that died before its marker was written leaves just the database
        DatabaseServer other = run(Engine.POSTGRES);
        TemplateRegistry registry = new TemplateRegistry(new SimpleDataSource(
                localUrl(Engine.POSTGRES) + TemplateRegistry.DATABASE, "postgres", ""));
        try {
            registry.delete(first.database().name());
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        Template second = template(other, key, counting(builds));

        assertThat(builds).hasValue(2);
        assertThat(second.reused()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_template_kept_fresh_by_copying_survives_another_runs_eviction(Engine engine) throws SQLException {
        // a tenth of reclaimAfterMinutes=0 is no time: every copy of this run rewrites used_at
        DatabaseServer longRun = runWith(engine, "migratest.reclaimAfterMinutes", "0");
        Template copied = template(longRun, distinct("copied"), counting(new AtomicInteger()));
        Template idle = template(longRun, distinct("idle"), counting(new AtomicInteger()));
        TemplateRegistry registry = registry(engine);
        long longAgo = 1_000L; // 1970: as if the run had been going for decades
        registry.touch(copied.database().name(), longAgo);
        registry.touch(idle.database().name(), longAgo);

        try (TestDatabase copy = longRun.cloneDatabase(copied.database())) {
            assertThat(copy.name()).isNotEqualTo(copied.database().name());
        }
        assertThat(registry.find(copied.database().name()).orElseThrow().usedAt()).isGreaterThan(longAgo);
        // another JVM's run, which knows nothing of what longRun handed out; only markers
        // unused for ten years are old enough for it, so other runs' templates are left alone
        DatabaseServer other = runWith(engine, "migratest.templates.maxAgeHours", "87600");
        List<String> dropped = ((ManagedServer) other).evictTemplates();

        assertThat(dropped).contains(idle.database().name()).doesNotContain(copied.database().name());
        assertThat(exists(other, copied.database().name())).isTrue();
        assertThat(exists(other, idle.database().name())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void copies_within_a_minute_of_the_last_refresh_write_nothing(Engine engine) throws SQLException {
        DatabaseServer server = run(engine);
        Template template = template(server, key("quiet"), counting(new AtomicInteger()));
        TemplateRegistry registry = registry(engine);
        registry.touch(template.database().name(), 1_000L);

        for (int i = 0; i < 3; i++) {
            server.cloneDatabase(template.database()).close();
        }

        assertThat(registry.find(template.database().name()).orElseThrow().usedAt())
                .as("refreshed at most once a tenth of reclaimAfterMinutes, not per copy").isEqualTo(1_000L);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "MYSQL"})
    void a_killed_wait_for_a_template_lock_is_an_error_not_another_runs_build(Engine engine) throws Exception {
        if (engine == Engine.MYSQL) {
            TestServers.mysqlServer();
        }
        Dialect dialect = Dialect.of(engine);
        String name = "migratest_tpl_locktest_" + Math.abs(unique.hashCode());
        SimpleDataSource server = new SimpleDataSource(localUrl(engine), "root", "");
        try (Connection holder = server.getConnection(); Connection waiter = server.getConnection();
                Connection killer = server.getConnection()) {
            assertThat(dialect.lockTemplate(holder, name, 0)).isTrue();
            long waiterId = connectionId(waiter);
            CompletableFuture<Boolean> wait = CompletableFuture.supplyAsync(() -> {
                try {
                    return dialect.lockTemplate(waiter, name, 600);
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            while (!waitsOnUserLock(killer, waiterId)) {
                sleep(50);
            }
            try (Statement kill = killer.createStatement()) {
                kill.execute("KILL QUERY " + waiterId);
            }

            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(wait::join);
            assertThat(thrown).isNotNull();
            assertThat(thrown.getCause()).as("never read as a wait that ran out").isInstanceOf(SQLException.class);
            if (engine == Engine.MARIADB) { // MariaDB's GET_LOCK returns NULL when its wait is killed
                assertThat(thrown.getCause()).hasMessageContaining("GET_LOCK('" + name + "') returned NULL")
                        .hasMessageContaining("no other run was found holding it");
            } else { // MySQL 9 raises ER_QUERY_INTERRUPTED itself
                assertThat(((SQLException) thrown.getCause()).getErrorCode()).isEqualTo(1317);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_marker_records_when_the_build_ended(Engine engine) throws SQLException {
        java.util.concurrent.atomic.AtomicLong ended = new java.util.concurrent.atomic.AtomicLong();
        Template template = template(run(engine), distinct("built at"), database -> {
            counting(new AtomicInteger()).accept(database);
            sleep(300); // a build that takes a while
            ended.set(System.currentTimeMillis());
        });

        TemplateRegistry.Entry marker = registry(engine).find(template.database().name()).orElseThrow();
        assertThat(marker.builtAt()).as("built_at is the build's end").isGreaterThanOrEqualTo(ended.get());
        assertThat(marker.usedAt()).isGreaterThanOrEqualTo(marker.builtAt());
    }

    @Test
    void waiting_for_a_template_lock_leaves_the_sessions_lock_timeout_as_it_was() throws SQLException {
        Dialect dialect = Dialect.of(Engine.POSTGRES);
        String name = "migratest_tpl_locktest_" + Math.abs(unique.hashCode());
        SimpleDataSource server = new SimpleDataSource(localUrl(Engine.POSTGRES) + "postgres", "postgres", "");
        try (Connection session = server.getConnection(); Statement statement = session.createStatement()) {
            statement.execute("SET lock_timeout = '7s'");
            assertThat(dialect.lockTemplate(session, name, 5)).isTrue();
            dialect.unlockTemplate(session, name);
            try (ResultSet rs = statement.executeQuery("SHOW lock_timeout")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("7s");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_failed_unlock_is_added_to_the_builds_failure_not_put_in_its_place(Engine engine) {
        DatabaseServer server = run(engine);
        TemplateKey key = distinct("unlock");
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> server.template(key, database -> {
            endLockSession(engine, database.name()); // the release that follows fails
            throw new IllegalStateException("the build failed");
        }));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("the build failed");
        assertThat(thrown.getSuppressed()).hasSize(1);
        assertThat(thrown.getSuppressed()[0]).isInstanceOf(SQLException.class);
    }

    @Test
    void with_the_cache_off_templates_are_the_runs_own() {
        DatabaseServer server = track(new ServerProvider().start(Engine.POSTGRES,
                local(Engine.POSTGRES).with("migratest.templates.cache", "false")));
        Template template = server.template(key("off"), counting(new AtomicInteger()));

        assertThat(template.reused()).isFalse();
        assertThat(template.reason()).contains("migratest.templates.cache is off");
        assertThat(template.database().name()).doesNotStartWith("migratest_tpl_");
    }

    // ---------------------------------------------------------------- helpers

    private Template migrated(DatabaseServer server) {
        Migrator keyOnly = Migrator.configureUnconnected(server.engine()).locations("filesystem:" + migrations).load();
        TemplateKey key = TemplateKey.builder(unique).digests(keyOnly.contentDigests()).build();
        return template(server, key, database ->
                Migrator.configure(database).locations("filesystem:" + migrations).load().migrate());
    }

    private Template template(DatabaseServer server, TemplateKey key, Consumer<TestDatabase> build) {
        Template template = server.template(key, build);
        made.add(template.database().name());
        return template;
    }

    private Template await(CountDownLatch start, DatabaseServer server, TemplateKey key, Consumer<TestDatabase> build) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return template(server, key, build);
    }

    private TemplateKey key(String what) {
        return TemplateKey.builder("TemplateCacheTest " + what + " " + unique).text("test", unique).build();
    }

    // a key's hash is of its parts, not its label: two templates of one test need parts of their own
    private TemplateKey distinct(String what) {
        return TemplateKey.builder("TemplateCacheTest " + what + " " + unique).text("test", what + " " + unique).build();
    }

    private static Consumer<TestDatabase> counting(AtomicInteger builds) {
        return database -> {
            builds.incrementAndGet();
            database.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE seeded (note VARCHAR(20))");
                h.execute("INSERT INTO seeded VALUES ('built')");
            });
        };
    }

    private DatabaseServer run(Engine engine) {
        if (engine == Engine.MYSQL) {
            TestServers.mysqlServer(); // skips the test when the machine has no MySQL server
        }
        return track(new ServerProvider().start(engine, local(engine)));
    }

    private DatabaseServer runWith(Engine engine, String key, String value) {
        if (engine == Engine.MYSQL) {
            TestServers.mysqlServer();
        }
        return track(new ServerProvider().start(engine, local(engine).with(key, value)));
    }

    private static TemplateRegistry registry(Engine engine) {
        String user = engine == Engine.POSTGRES ? "postgres" : "root";
        return new TemplateRegistry(new SimpleDataSource(localUrl(engine) + TemplateRegistry.DATABASE, user, ""));
    }

    private DatabaseServer track(DatabaseServer server) {
        servers.add(server);
        return server;
    }

    static Settings local(Engine engine) {
        return switch (engine) {
            case POSTGRES -> Settings.of("migratest.postgres.url", localUrl(engine) + "postgres");
            case MARIADB -> Settings.of("migratest.mariadb.url", localUrl(engine));
            case MYSQL -> TestServers.mysqlServerSettings();
        };
    }

    static String localUrl(Engine engine) {
        return switch (engine) {
            case POSTGRES -> System.getProperty("migratest.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
            case MARIADB -> System.getProperty("migratest.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
            case MYSQL -> System.getProperty("migratest.test.mysql.url", "jdbc:mysql://127.0.0.1:3307/");
        };
    }

    private static void execute(DatabaseServer server, String sql) {
        ManagedServer managed = (ManagedServer) server;
        try (TestDatabase any = managed.createDatabase();
                Connection connection = any.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    static boolean exists(DatabaseServer server, String name) {
        try (TestDatabase any = ((ManagedServer) server).createDatabase();
                Connection connection = any.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(Dialect.of(server.engine()).listDatabases())) {
            while (rs.next()) {
                if (rs.getString(1).equals(name)) {
                    return true;
                }
            }
            return false;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    // ends the session holding the template lock of name: the session TemplateCache releases it on
    private static void endLockSession(Engine engine, String name) {
        String user = engine == Engine.POSTGRES ? "postgres" : "root";
        String url = localUrl(engine) + (engine == Engine.POSTGRES ? "postgres" : "");
        try (Connection connection = new SimpleDataSource(url, user, "").getConnection()) {
            if (engine == Engine.POSTGRES) {
                try (java.sql.PreparedStatement end = connection.prepareStatement("SELECT pg_terminate_backend(pid)"
                        + " FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2"
                        + " AND classid::bigint = ? AND objid::bigint = ?")) {
                    end.setLong(1, 0x6D677474);
                    end.setLong(2, name.hashCode() & 0xFFFFFFFFL);
                    try (ResultSet rs = end.executeQuery()) {
                        assertThat(rs.next()).as("a session holds the lock of " + name).isTrue();
                    }
                }
            } else {
                long holder;
                try (java.sql.PreparedStatement find = connection.prepareStatement("SELECT IS_USED_LOCK(?)")) {
                    find.setString(1, name);
                    try (ResultSet rs = find.executeQuery()) {
                        rs.next();
                        holder = rs.getLong(1);
                        assertThat(rs.wasNull()).as("a session holds the lock of " + name).isFalse();
                    }
                }
                try (Statement kill = connection.createStatement()) {
                    kill.execute("KILL " + holder);
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static long connectionId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean waitsOnUserLock(Connection connection, long id) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT COUNT(*) FROM information_schema.processlist WHERE id = " + id + " AND info LIKE 'SELECT GET_LOCK%'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
