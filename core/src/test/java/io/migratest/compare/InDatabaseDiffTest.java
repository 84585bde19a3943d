package io.migratest.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.compare.internal.BucketComparison;
import io.migratest.compare.internal.RowEncoding;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The in-database mode reports exactly what the streaming merge reports, on PostgreSQL and
 * MariaDB: planted differences of every kind, identical tables, and the fallbacks.
 */
class InDatabaseDiffTest {

    private static final int ROWS = 3000;

    @TempDir
    Path dir;

    private TestDatabase database;

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    private Jdbi tables(Engine engine, long seed) {
        database = TestServers.of(engine).createDatabase();
        Jdbi jdbi = database.jdbi();
        String ts = engine == Engine.POSTGRES ? "TIMESTAMP(6)" : "DATETIME(6)";
        String bool = "BOOLEAN";
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE src (id BIGINT, name VARCHAR(60), amount NUMERIC(12,2), active " + bool
                    + ", seen " + ts + ", born DATE)");
            h.execute("CREATE TABLE dst (id BIGINT, full_name VARCHAR(60), amount NUMERIC(12,2), active " + bool
                    + ", seen " + ts + ", born DATE, loaded_at VARCHAR(30))");
        });
        Random random = new Random(seed);
        jdbi.useHandle(h -> {
            PreparedBatch src = h.prepareBatch("INSERT INTO src VALUES (?, ?, ?, ?, ?, ?)");
            PreparedBatch dst = h.prepareBatch("INSERT INTO dst VALUES (?, ?, ?, ?, ?, ?, 'now')");
            for (int i = 1; i <= ROWS; i++) {
                Object[] row = {(long) i, random.nextInt(20) == 0 ? null : "näme|" + i + "\\" + random.nextInt(1000),
                        new java.math.BigDecimal(random.nextInt(1_000_000)).movePointLeft(2), random.nextBoolean(),
                        java.time.LocalDateTime.of(2020, 1, 1, 0, 0).plusSeconds(random.nextInt(100_000_000))
                                .plusNanos(random.nextInt(1_000_000) * 1000L),
                        random.nextInt(10) == 0 ? null : java.time.LocalDate.of(1950, 1, 1).plusDays(random.nextInt(20_000))};
                src.add(row);
                dst.add(row);
            }
            src.execute();
            dst.execute();
        });
        return jdbi;
    }

    private DataDiff diff(Snapshot before, Jdbi jdbi, String file) {
        return DataDiff.of(before)
                .against(jdbi, "SELECT id, full_name, amount, active, seen, born, loaded_at FROM dst")
                .matchingOn("id")
                .renaming("name", "full_name")
                .ignoring("loaded_at")
                .keepingDifferences(100_000)
                .writingDifferencesTo(dir.resolve(file));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void identical_tables_report_the_same_as_the_streaming_merge_and_no_bucket_differs(Engine engine) throws Exception {
        Jdbi jdbi = tables(engine, 1);
        Snapshot before = Snapshot.inDatabase(jdbi, "SELECT * FROM src");

        DiffReport streaming = diff(before, jdbi, "diff.csv").streaming().run();
        DiffReport inDatabase = diff(before, jdbi, "diff.csv").inDatabase().run();

        assertThat(inDatabase).isEqualTo(streaming);
        assertThat(inDatabase.hasDifferences()).isFalse();
        assertThat(inDatabase.equal()).isEqualTo(ROWS);
        assertThat(buckets(engine, jdbi, before).differing()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void planted_differences_of_every_kind_are_reported_identically(Engine engine) throws Exception {
        Jdbi jdbi = tables(engine, 2);
        String shift = engine == Engine.POSTGRES ? "seen + INTERVAL '1 microsecond'" : "seen + INTERVAL 1 MICROSECOND";
        jdbi.useHandle(h -> {
            h.execute("UPDATE dst SET full_name = 'changed' WHERE id = 10");
            h.execute("DELETE FROM dst WHERE id = 20");
            h.execute("INSERT INTO dst SELECT * FROM dst WHERE id = 30");
            h.execute("INSERT INTO dst VALUES (" + (ROWS + 5) + ", 'extra', 1.00, true, NULL, NULL, 'now')");
            h.execute("UPDATE src SET name = NULL WHERE id = 40");
            h.execute("UPDATE src SET name = 'a long name' WHERE id = 50");
            h.execute("UPDATE dst SET full_name = 'a long name' WHERE id = 50");
            h.execute("UPDATE dst SET full_name = '' WHERE id = 40");
            h.execute("UPDATE dst SET full_name = SUBSTRING(full_name, 1, 3) WHERE id = 50 AND full_name IS NOT NULL");
            h.execute("UPDATE dst SET seen = " + shift + " WHERE id = 60");
            h.execute("UPDATE dst SET amount = amount + 0.01 WHERE id = 70");
            h.execute("UPDATE dst SET active = NOT active WHERE id = 80");
            h.execute("UPDATE src SET born = DATE '2000-02-29' WHERE id = 90");
            h.execute("UPDATE dst SET born = NULL WHERE id = 90");
            h.execute("UPDATE dst SET loaded_at = 'later' WHERE id = 100"); // ignored: no difference
        });
        Snapshot after = Snapshot.inDatabase(jdbi, "SELECT * FROM src");

        DiffReport streaming = diff(after, jdbi, "diff.csv").streaming().run();
        DiffReport inDatabase = diff(after, jdbi, "diff.csv").inDatabase().run();

        assertThat(inDatabase).isEqualTo(streaming);
        assertThat(inDatabase.differences()).extracting(d -> d.key().get("id"))
                .containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, (long) ROWS + 5);
        assertThat(inDatabase.changed()).isEqualTo(7);
        assertThat(inDatabase.missing()).isEqualTo(1);
        assertThat(inDatabase.unexpected()).isEqualTo(1);
        assertThat(inDatabase.duplicates()).isEqualTo(1);
        assertThat(inDatabase.equal()).isEqualTo(ROWS - 8);
        assertThat(buckets(engine, jdbi, after).differing()).hasSizeBetween(1, 10);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void random_planted_changes_are_reported_identically(Engine engine) {
        for (long seed = 3; seed <= 5; seed++) {
            Jdbi jdbi = tables(engine, seed);
            Random random = new Random(seed);
            jdbi.useHandle(h -> {
                for (int i = 0; i < 1 + random.nextInt(40); i++) {
                    int id = 1 + random.nextInt(ROWS);
                    switch (random.nextInt(4)) {
                        case 0 -> h.execute("UPDATE dst SET amount = amount + 0.01 WHERE id = ?", id);
                        case 1 -> h.execute("DELETE FROM dst WHERE id = ?", id);
                        case 2 -> h.execute("UPDATE dst SET full_name = CONCAT(full_name, '|') WHERE id = ?", id);
                        default -> h.execute("UPDATE dst SET active = NOT active WHERE id = ?", id);
                    }
                }
            });
            Snapshot before = Snapshot.inDatabase(jdbi, "SELECT * FROM src");

            DiffReport streaming = diff(before, jdbi, "diff.csv").streaming().run();
            DiffReport inDatabase = diff(before, jdbi, "diff.csv").inDatabase().run();

            assertThat(inDatabase).as("seed %d", seed).isEqualTo(streaming);
            assertThat(inDatabase.hasDifferences()).isTrue();
            database.close();
            database = null;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void with_declared_primary_keys_the_report_is_the_same_and_no_key_is_counted(Engine engine) throws Exception {
        Jdbi jdbi = tables(engine, 9);
        jdbi.useHandle(h -> {
            h.execute("ALTER TABLE src ADD PRIMARY KEY (id)");
            h.execute("ALTER TABLE dst ADD PRIMARY KEY (id)");
            h.execute("UPDATE dst SET amount = amount + 0.01 WHERE id = 11");
            h.execute("DELETE FROM dst WHERE id = 12");
        });
        Snapshot before = Snapshot.inDatabase(jdbi, "SELECT * FROM src");

        DiffReport streaming = diff(before, jdbi, "diff.csv").streaming().run();
        DiffReport inDatabase = diff(before, jdbi, "diff.csv").inDatabase().run();

        assertThat(before.uniqueKeys()).containsExactly(java.util.Set.of("id"));
        assertThat(inDatabase).isEqualTo(streaming);
        assertThat(inDatabase.differences()).extracting(d -> d.key().get("id")).containsExactly(11L, 12L);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_key_repeated_on_both_sides_fails_as_in_the_streaming_merge(Engine engine) {
        Jdbi jdbi = tables(engine, 6);
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO src SELECT * FROM src WHERE id = 7");
            h.execute("INSERT INTO dst SELECT * FROM dst WHERE id = 7");
        });
        Snapshot before = Snapshot.inDatabase(jdbi, "SELECT * FROM src");

        Throwable streaming = org.assertj.core.api.Assertions.catchThrowable(() -> diff(before, jdbi, "d.csv").streaming().run());
        Throwable inDatabase = org.assertj.core.api.Assertions.catchThrowable(() -> diff(before, jdbi, "d.csv").inDatabase().run());

        assertThat(streaming).isNotNull();
        assertThat(inDatabase).isNotNull().hasSameClassAs(streaming).hasMessage(streaming.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void when_most_rows_differ_it_falls_back_to_the_streaming_merge_with_the_same_report(Engine engine) {
        Jdbi jdbi = tables(engine, 7);
        jdbi.useHandle(h -> h.execute("UPDATE dst SET amount = amount + 1 WHERE MOD(id, 2) = 0"));
        Snapshot before = Snapshot.inDatabase(jdbi, "SELECT * FROM src");

        DiffReport streaming = diff(before, jdbi, "diff.csv").streaming().run();
        DiffReport inDatabase = diff(before, jdbi, "diff.csv").inDatabase().run();

        assertThat(inDatabase).isEqualTo(streaming);
        assertThat(inDatabase.changed()).isEqualTo(ROWS / 2);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void in_database_mode_refuses_a_java_transform_and_an_in_memory_snapshot(Engine engine) {
        Jdbi jdbi = tables(engine, 8);
        Snapshot side = Snapshot.inDatabase(jdbi, "SELECT * FROM src");
        Snapshot memory = Snapshot.inMemory(jdbi, "SELECT * FROM src");

        assertThatThrownBy(() -> diff(side, jdbi, "d.csv").expecting(row -> Row.of()).inDatabase().run())
                .isInstanceOf(DiffConfigurationException.class)
                .hasMessageContaining("cannot run in the database")
                .hasMessageContaining("Java function");
        assertThatThrownBy(() -> diff(memory, jdbi, "d.csv").inDatabase().run())
                .isInstanceOf(DiffConfigurationException.class)
                .hasMessageContaining("held in memory");
        // AUTO falls back silently and still compares
        assertThat(diff(memory, jdbi, "d.csv").run().equal()).isEqualTo(ROWS);
    }

    private static BucketComparison.Outcome buckets(Engine engine, Jdbi jdbi, Snapshot before) throws Exception {
        io.migratest.compare.internal.Sql flavour = io.migratest.compare.internal.Sql.of(engine);
        List<RowEncoding.Column> sourceRow = columns(flavour, "id", "name", "amount", "active", "seen", "born");
        List<RowEncoding.Column> targetRow = columns(flavour, "id", "full_name", "amount", "active", "seen", "born");
        BucketComparison.Side source = new BucketComparison.Side("SELECT * FROM " + before.sideTable().orElseThrow(),
                sourceRow.subList(0, 1), sourceRow);
        BucketComparison.Side target = new BucketComparison.Side("SELECT * FROM dst", targetRow.subList(0, 1), targetRow);
        return BucketComparison.run(jdbi, flavour, source, target, false);
    }

    private static List<RowEncoding.Column> columns(io.migratest.compare.internal.Sql flavour, String... names) {
        RowEncoding.Kind[] kinds = {RowEncoding.Kind.INTEGER, RowEncoding.Kind.TEXT, RowEncoding.Kind.DECIMAL,
                RowEncoding.Kind.BOOLEAN, RowEncoding.Kind.TIMESTAMP, RowEncoding.Kind.DATE};
        int[] scales = {0, 0, 2, 0, 6, 0};
        return java.util.stream.IntStream.range(0, names.length)
                .mapToObj(i -> new RowEncoding.Column(flavour.quote(names[i]), kinds[i], scales[i]))
                .toList();
    }
}
