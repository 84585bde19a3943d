package io.migratest.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The settings of a DataDiff and its errors for bad input, on PostgreSQL and MariaDB. */
class DataDiffFeaturesTest {

    private TestDatabase database;

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    private Jdbi open(Engine engine, String... statements) {
        database = TestServers.of(engine).createDatabase();
        database.jdbi().useHandle(h -> {
            for (String statement : statements) {
                h.execute(statement);
            }
        });
        return database.jdbi();
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_transform_with_renames_and_ignored_columns_finds_the_one_wrong_row(Engine engine) {
        Jdbi jdbi = open(engine,
                "CREATE TABLE legacy_users (uid INTEGER, full_name VARCHAR(50), email VARCHAR(50))",
                "INSERT INTO legacy_users VALUES (1, 'Ada Lovelace', 'ADA@X.ORG'), (2, 'Dick van Dyke', 'dick@x.org'),"
                        + " (3, 'Alan Turing', 'alan@x.org')",
                "CREATE TABLE users (id INTEGER, first_name VARCHAR(50), last_name VARCHAR(50), email VARCHAR(50), created VARCHAR(20))",
                "INSERT INTO users VALUES (1, 'Ada', 'Lovelace', 'ada@x.org', 'now'), (2, 'Dick', 'Dyke', 'dick@x.org', 'now'),"
                        + " (3, 'Alan', 'Turing', 'alan@x.org', 'now')");
        Snapshot before = Snapshot.of(jdbi, "SELECT uid, full_name, email FROM legacy_users");

        DiffReport report = DataDiff.of(before)
                .against(jdbi, "SELECT id, first_name, last_name, email, created FROM users")
                .matchingOn("id")
                .renaming("uid", "id")
                .ignoring("created")
                .expecting(row -> {
                    String full = row.string("full_name");
                    return Row.of("first_name", full.substring(0, full.indexOf(' ')),
                            "last_name", full.substring(full.indexOf(' ') + 1),
                            "email", row.string("email").toLowerCase());
                })
                .run();

        assertThat(report.equal()).isEqualTo(2);
        assertThat(report.differences()).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo(Row.of("id", 2L));
            assertThat(d.columns()).containsExactly(new ColumnDifference("last_name", "van Dyke", "Dyke"));
        });
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void composite_and_mapped_text_keys_match_in_binary_order(Engine engine) {
        Jdbi jdbi = open(engine,
                "CREATE TABLE src (country VARCHAR(10), name VARCHAR(40), score INTEGER)",
                "INSERT INTO src VALUES ('de', ' zoë ', 1), ('de', 'Zoe', 2), ('de', 'ábel', 3), ('DE', 'abel', 4),"
                        + " ('de', 'émile', 5), ('de', 'Émile', 6), ('de', 'z😀', 7), ('de', 'z', 8)",
                "CREATE TABLE dst (country VARCHAR(10), name VARCHAR(40), score INTEGER)",
                "INSERT INTO dst VALUES ('de', 'zoë', 1), ('de', 'Zoe', 2), ('de', 'ábel', 3), ('DE', 'abel', 4),"
                        + " ('de', 'émile', 5), ('de', 'Émile', 60), ('de', 'z😀', 7), ('de', 'z', 8)");

        DiffReport report = DataDiff.of(Snapshot.of(jdbi, "SELECT * FROM src"))
                .against(jdbi, "SELECT * FROM dst")
                .matchingOn("country", "name")
                .mappingKey("name", row -> row.string("name").strip())
                .run();

        assertThat(report.equal()).isEqualTo(7);
        assertThat(report.differences()).singleElement()
                .satisfies(d -> assertThat(d.key()).isEqualTo(Row.of("country", "de", "name", "Émile")));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void splits_merges_and_declared_missing_and_extra_rows(Engine engine) {
        Jdbi jdbi = open(engine,
                "CREATE TABLE people (id INTEGER, home VARCHAR(20), work VARCHAR(20), deleted BOOLEAN)",
                "INSERT INTO people VALUES (1, '111', '112', FALSE), (2, '221', NULL, FALSE), (3, '331', '332', TRUE)",
                "CREATE TABLE phones (person_id INTEGER, kind VARCHAR(10), number VARCHAR(20))",
                "INSERT INTO phones VALUES (1, 'home', '111'), (1, 'work', '112'), (2, 'home', '221'), (0, 'home', '000')",
                "CREATE TABLE order_lines (order_id INTEGER, amount DECIMAL(8,2))",
                "INSERT INTO order_lines VALUES (1, 1.50), (2, 2.00), (1, 2.50), (2, 1.00), (3, 9.99)",
                "CREATE TABLE orders (id INTEGER, total DECIMAL(10,2), line_count INTEGER)",
                "INSERT INTO orders VALUES (1, 4.00, 2), (2, 3.00, 2), (3, 9.90, 1)");

        DiffReport split = DataDiff.of(Snapshot.of(jdbi, "SELECT * FROM people"))
                .against(jdbi, "SELECT * FROM phones")
                .matchingOn("person_id", "kind")
                .renaming("id", "person_id")
                .expectingMissing(row -> row.bool("deleted"))
                .expectingExtra(row -> row.number("person_id") == 0)
                .expectingRows(row -> row.get("work") == null
                        ? List.of(Row.of("kind", "home", "number", row.get("home")))
                        : List.of(Row.of("kind", "work", "number", row.get("work")), Row.of("kind", "home", "number", row.get("home"))))
                .run();
        assertThat(split.hasDifferences()).as(split.describe(10)).isFalse();
        assertThat(split.droppedAsExpected()).isEqualTo(1);
        assertThat(split.extraAsExpected()).isEqualTo(1);
        assertThat(split.expectedRows()).isEqualTo(3);

        DiffReport merged = DataDiff.of(Snapshot.of(jdbi, "SELECT * FROM order_lines"))
                .against(jdbi, "SELECT * FROM orders")
                .matchingOn("id")
                .renaming("order_id", "id")
                .merging(lines -> Row.of(
                        "total", lines.stream().map(l -> (BigDecimal) l.get("amount")).reduce(BigDecimal.ZERO, BigDecimal::add),
                        "line_count", lines.size()))
                .run();
        assertThat(merged.equal()).isEqualTo(2);
        assertThat(merged.differences()).singleElement()
                .satisfies(d -> assertThat(d.columns()).containsExactly(
                        new ColumnDifference("total", new BigDecimal("9.99"), new BigDecimal("9.90"))));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void tolerances_for_scale_precision_and_time_zone(Engine engine) {
        boolean pg = engine == Engine.POSTGRES;
        Jdbi jdbi = open(engine,
                "CREATE TABLE src (id INTEGER, amount DECIMAL(10,4), at " + (pg ? "TIMESTAMP(6)" : "DATETIME(6)") + ")",
                "INSERT INTO src VALUES (1, 10.0049, '2024-03-01 12:00:00.400000'), (2, 10.0051, '2024-03-01 12:00:00.600000')",
                "CREATE TABLE dst (id INTEGER, amount DECIMAL(10,2), at " + (pg ? "TIMESTAMP(0)" : "DATETIME") + ")",
                "INSERT INTO dst VALUES (1, 10.00, '2024-03-01 12:00:00'), (2, 10.01, '2024-03-01 12:00:01')");
        Snapshot before = Snapshot.of(jdbi, "SELECT * FROM src");

        DiffReport exact = DataDiff.of(before).against(jdbi, "SELECT * FROM dst").matchingOn("id").run();
        assertThat(exact.changed()).isEqualTo(2);

        DiffReport tolerant = DataDiff.of(before).against(jdbi, "SELECT * FROM dst").matchingOn("id")
                .numericScale(2).timestampTolerance(Duration.ofMillis(500)).run();
        assertThat(tolerant.hasDifferences()).as(tolerant.describe(5)).isFalse();

        DiffReport zoned = DataDiff.of(before).against(jdbi, "SELECT id FROM dst").matchingOn("id")
                .expecting(row -> Row.of()).run();
        assertThat(zoned.equal()).isEqualTo(2);

        DiffReport inParis = DataDiff.of(before).against(jdbi, "SELECT id, at FROM dst").matchingOn("id")
                .timeZone(ZoneId.of("Europe/Paris"))
                .expecting(row -> Row.of("at", java.time.OffsetDateTime.parse(row.id() == 1 ? "2024-03-01T11:00:00Z" : "2024-03-01T11:00:01Z")))
                .run();
        assertThat(inParis.hasDifferences()).as(inParis.describe(5)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void one_expectation_holds_across_engine_types(Engine engine) {
        boolean pg = engine == Engine.POSTGRES;
        UUID uuid = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        Jdbi jdbi = open(engine,
                "CREATE TABLE src (id INTEGER)",
                "INSERT INTO src VALUES (1)",
                "CREATE TABLE dst (id BIGINT, flag BOOLEAN, amount " + (pg ? "NUMERIC(10,3)" : "DECIMAL(10,3)") + ", n BIGINT,"
                        + " label " + (pg ? "TEXT" : "VARCHAR(20)") + ", doc " + (pg ? "JSONB" : "JSON") + ","
                        + " uid " + (pg ? "UUID" : "CHAR(36)") + ", data " + (pg ? "BYTEA" : "VARBINARY(8)") + ","
                        + " at " + (pg ? "TIMESTAMP" : "DATETIME") + ")",
                "INSERT INTO dst VALUES (1, TRUE, 1.500, 7, 'x', '{\"b\": [1, 2.0], \"a\": \"z\"}', '" + uuid + "', "
                        + (pg ? "'\\x0102'" : "X'0102'") + ", '2024-01-01 10:00:00')");

        DiffReport report = DataDiff.of(Snapshot.of(jdbi, "SELECT id FROM src"))
                .against(jdbi, "SELECT * FROM dst").matchingOn("id")
                .expecting(row -> Row.of("flag", true, "amount", new BigDecimal("1.5"), "n", 7, "label", "x",
                        "doc", Map.of("a", "z", "b", List.of(1, 2)), "uid", uuid, "data", new byte[] {1, 2},
                        "at", LocalDateTime.parse("2024-01-01T10:00:00")))
                .run();

        assertThat(report.hasDifferences()).as(report.describe(10)).isFalse();
        assertThat(report.equal()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void bad_input_fails_with_the_key_column_and_side(Engine engine) {
        Jdbi jdbi = open(engine,
                "CREATE TABLE src (id INTEGER, name VARCHAR(20))",
                "INSERT INTO src VALUES (1, 'a'), (2, 'b'), (2, 'c')",
                "CREATE TABLE dst (id INTEGER, name VARCHAR(20), n INTEGER)",
                "INSERT INTO dst VALUES (1, 'a', 1), (2, 'b', 2)");
        Snapshot before = Snapshot.of(jdbi, "SELECT * FROM src");

        assertThatThrownBy(() -> DataDiff.of(before).against(jdbi, "SELECT id, name FROM dst").matchingOn("id").run())
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("The key {id=2} is not unique on the source side")
                .hasMessageContaining("{id=2, name=\"b\"}").hasMessageContaining("{id=2, name=\"c\"}");

        Snapshot unique = Snapshot.of(jdbi, "SELECT * FROM src WHERE name <> 'c'");
        assertThatThrownBy(() -> DataDiff.of(unique).against(jdbi, "SELECT id, name FROM dst").matchingOn("id")
                .expecting(row -> Row.of("nickname", row.string("name"))).run())
                .isInstanceOf(DiffConfigurationException.class)
                .hasMessageContaining("has the column nickname, which the target query does not return")
                .hasMessageContaining("[id, name]");
        assertThatThrownBy(() -> DataDiff.of(unique).against(jdbi, "SELECT id, name FROM dst").matchingOn("uid").run())
                .isInstanceOf(DiffConfigurationException.class)
                .hasMessageContaining("The key column (matchingOn) uid is not returned by the target query");
        assertThatThrownBy(() -> DataDiff.of(unique).against(jdbi, "SELECT * FROM dst").matchingOn("id").run())
                .isInstanceOf(DiffConfigurationException.class)
                .hasMessageContaining("The target column n of dst has no expected value")
                .hasMessageContaining("ignoring(\"n\")");
        assertThatThrownBy(() -> DataDiff.of(unique).against(jdbi, "SELECT id, name FROM dst").matchingOn("id")
                .expecting(row -> {
                    if (row.number("id") == 2) {
                        throw new IllegalStateException("no rule for b");
                    }
                    return row;
                }).run())
                .isInstanceOf(TransformFailedException.class)
                .hasMessageContaining("threw for the source row {id=2, name=\"b\"} (key id=2)")
                .hasMessageContaining("no rule for b");
        assertThatThrownBy(() -> DataDiff.of(unique).against(jdbi, "SELECT id, name FROM dst").matchingOn("id")
                .expecting(row -> Row.of("name", 42)).run())
                .isInstanceOf(IncomparableValuesException.class)
                .hasMessageContaining("Cannot compare column name of the row with key {id=1}")
                .hasMessageContaining("the expected value is Long 42 and dst holds String \"a\"");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_merge_that_fails_stops_the_thread_reading_the_target(Engine engine) {
        Jdbi jdbi = open(engine,
                "CREATE TABLE digits (d INTEGER)",
                "INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)",
                // more rows than the reader reads ahead, so it waits to hand rows over when the merge fails
                "CREATE TABLE dst AS SELECT a.d * 1000 + b.d * 100 + c.d * 10 + e.d AS id"
                        + " FROM digits a, digits b, digits c, digits e");
        Snapshot before = Snapshot.of(jdbi, "SELECT id FROM dst");

        assertThatThrownBy(() -> DataDiff.of(before).against(jdbi, "SELECT id FROM dst").matchingOn("id")
                .expecting(row -> {
                    if (row.number("id") == 2) {
                        throw new IllegalStateException("no rule for 2");
                    }
                    return row;
                }).run())
                .isInstanceOf(TransformFailedException.class)
                .hasMessageContaining("no rule for 2");
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().equals("migratest-diff-target-reader"));
    }
}
