package io.migratest.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of difference planted in real tables, found with its key and column. */
class DataDiffTest {

    private TestDatabase database;

    static List<Arguments> enginesAndStorage() {
        return List.of(Arguments.of(Engine.POSTGRES, true), Arguments.of(Engine.POSTGRES, false),
                Arguments.of(Engine.MARIADB, true), Arguments.of(Engine.MARIADB, false));
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    private Jdbi open(Engine engine) {
        database = TestServers.of(engine).createDatabase();
        return database.jdbi();
    }

    private static String timestamp(Engine engine) {
        return engine == Engine.POSTGRES ? "TIMESTAMP(3)" : "DATETIME(3)";
    }

    @ParameterizedTest(name = "{0}, in memory: {1}")
    @MethodSource("enginesAndStorage")
    void every_planted_difference_is_reported_with_its_key_and_column(Engine engine, boolean inMemory) {
        Jdbi jdbi = open(engine);
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE legacy (id INTEGER PRIMARY KEY, name VARCHAR(50), note VARCHAR(50),"
                    + " amount DECIMAL(10,3), seen " + timestamp(engine) + ", active BOOLEAN)");
            h.execute("INSERT INTO legacy VALUES"
                    + " (1, 'Ada', 'x', 1.500, '2024-01-01 10:00:00', TRUE),"
                    + " (2, 'Bob', 'x', 2.000, '2024-01-02 10:00:00', FALSE),"
                    + " (3, 'Cy', 'x', 3.000, '2024-01-03 10:00:00', TRUE),"
                    + " (4, 'Di', 'x', 4.000, '2024-01-04 10:00:00', TRUE),"
                    + " (5, 'Ed', NULL, 5.000, '2024-01-05 10:00:00', TRUE),"
                    + " (6, 'Alexandrina', 'x', 6.000, '2024-01-06 10:00:00', TRUE),"
                    + " (7, 'Flo', 'x', 7.000, '2024-01-07 10:00:00.123', TRUE),"
                    + " (8, 'Gus', 'x', 12.345, '2024-01-08 10:00:00', TRUE)");
        });
        String query = "SELECT id, name, note, amount, seen, active FROM legacy";
        Snapshot before = inMemory ? Snapshot.inMemory(jdbi, query) : Snapshot.inDatabase(jdbi, query);
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE users (id BIGINT, name VARCHAR(8), note VARCHAR(50), amount DECIMAL(10,2),"
                    + " seen " + timestamp(engine) + ", active BOOLEAN)");
            h.execute("INSERT INTO users SELECT id, name, note, amount, seen, active FROM legacy WHERE id IN (1, 2, 4, 5, 7, 8)");
            h.execute("UPDATE users SET name = 'Robert' WHERE id = 2");                     // changed value
            h.execute("INSERT INTO users SELECT id, name, note, amount, seen, active FROM legacy WHERE id = 4"); // duplicate
            h.execute("UPDATE users SET note = '' WHERE id = 5");                           // NULL vs empty
            h.execute("INSERT INTO users SELECT id, 'Alexandr', note, amount, seen, active FROM legacy WHERE id = 6"); // truncated
            h.execute("UPDATE users SET seen = '2024-01-07 11:00:00.123' WHERE id = 7");   // shifted timestamp
            h.execute("INSERT INTO users VALUES (99, 'Zed', 'x', 1, '2024-01-01 00:00:00', TRUE)"); // extra
            h.execute("DROP TABLE legacy");                                                  // the snapshot survives
        });

        DiffReport report = DataDiff.of(before).against(jdbi, "SELECT * FROM users").matchingOn("id").run();

        assertThat(report.sourceRows()).isEqualTo(8);
        assertThat(report.equal()).as("ids 1, 4").isEqualTo(2);
        assertThat(report.changed()).as("ids 2, 5, 6, 7, 8").isEqualTo(5);
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.unexpected()).isEqualTo(1);
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.differences())
                .extracting(d -> d.key().get("id"), Difference::kind, d -> d.columns().stream().map(ColumnDifference::column).toList())
                .containsExactly(
                        tuple(2L, Difference.Kind.CHANGED, List.of("name")),
                        tuple(3L, Difference.Kind.MISSING, List.of()),
                        tuple(4L, Difference.Kind.DUPLICATE, List.of()),
                        tuple(5L, Difference.Kind.CHANGED, List.of("note")),
                        tuple(6L, Difference.Kind.CHANGED, List.of("name")),
                        tuple(7L, Difference.Kind.CHANGED, List.of("seen")),
                        tuple(8L, Difference.Kind.CHANGED, List.of("amount")),
                        tuple(99L, Difference.Kind.UNEXPECTED, List.of()));
        assertThat(report.differences().get(3).columns().get(0)).isEqualTo(new ColumnDifference("note", null, ""));
        assertThat(report.differences().get(5).columns().get(0))
                .isEqualTo(new ColumnDifference("seen", LocalDateTime.parse("2024-01-07T10:00:00.123"),
                        LocalDateTime.parse("2024-01-07T11:00:00.123")));
        assertThat(report.differences().get(6).columns().get(0).actual()).isEqualTo(new BigDecimal("12.35"));
        assertThat(report.file()).hasValueSatisfying(file -> assertThat(file).exists());
        assertThat(report.describe(20))
                .startsWith("Migrated rows differ from the expected transform (matched on id): 8 source rows,\n"
                        + "2 equal, 5 changed, 1 missing, 1 unexpected, 1 duplicate\n")
                .contains("  id   column         expected                  actual\n")
                .contains("  2    name           \"Bob\"                     \"Robert\"\n")
                .contains("  3    <missing>      row absent in users")
                .contains("  5    note           NULL                      \"\"\n")
                .contains("8 differences; the full list is in ")
                .endsWith("DataDiffTest.every_planted_difference_is_reported_with_its_key_and_column-" + report.differencesFile()
                        .getFileName().toString().replaceAll(".*-", ""));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void the_differences_file_holds_every_difference_when_few_are_kept(Engine engine) throws Exception {
        Jdbi jdbi = open(engine);
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE src (id INTEGER, v INTEGER)");
            h.execute("CREATE TABLE dst (id INTEGER, v INTEGER)");
            for (int i = 0; i < 50; i++) {
                h.execute("INSERT INTO src VALUES (?, ?)", i, i);
                h.execute("INSERT INTO dst VALUES (?, ?)", i, i % 5 == 0 ? -1 : i);
            }
        });
        DiffReport report = DataDiff.of(Snapshot.of(jdbi, "SELECT * FROM src"))
                .against(jdbi, "SELECT * FROM dst").matchingOn("id").keepingDifferences(3).named("kept-three").run();

        assertThat(report.changed()).isEqualTo(10);
        assertThat(report.differences()).hasSize(3);
        assertThat(report.differencesFile().getFileName().toString()).matches("kept-three-\\d+\\.csv");
        List<String> lines = Files.readAllLines(report.differencesFile());
        assertThat(lines).hasSize(11).first().isEqualTo("id,kind,column,expected,actual");
        assertThat(lines).contains("45,CHANGED,v,45,-1");
        assertThat(report.describe(2)).contains("2 of 10 differences shown");
    }
}
