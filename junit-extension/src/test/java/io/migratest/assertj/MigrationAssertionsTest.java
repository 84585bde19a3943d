package io.migratest.assertj;

import static io.migratest.assertj.MigrationAssertions.assertThat;
import static io.migratest.assertj.MigrationAssertions.assertThatThrownBy;

import io.migratest.compare.DiffReport;
import io.migratest.compare.Row;
import io.migratest.compare.Snapshot;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The AssertJ face of the data diff and the table checks, with their failure messages. */
class MigrationAssertionsTest {

    private TestDatabase database;

    @AfterEach
    void drop() {
        if (database != null) {
            database.close();
        }
    }

    /** legacy_users(id, full_name, email) with 4 rows, users(id, first_name, last_name, email) migrated with 2 bugs. */
    private Jdbi migrated(Engine engine) {
        database = TestDatabases.create(engine);
        Jdbi jdbi = database.jdbi();
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE legacy_users (id INTEGER PRIMARY KEY, full_name VARCHAR(50), email VARCHAR(50), balance DECIMAL(10,2))");
            h.execute("INSERT INTO legacy_users VALUES (17, 'Dick van Dyke', 'dick@x.org', 10.50), (404, 'Ada Lovelace', 'A@B.org', 0),"
                    + " (512, 'Alan Turing', 'alan@x.org', 2.25), (600, 'Grace Hopper', 'grace@x.org', 7)");
        });
        return jdbi;
    }

    private static void migrate(Jdbi jdbi) {
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, first_name VARCHAR(50), last_name VARCHAR(50), email VARCHAR(50),"
                    + " balance DECIMAL(12,2))");
            h.execute("INSERT INTO users VALUES (17, 'Dick', 'Dyke', 'dick@x.org', 10.50), (404, 'Ada', 'Lovelace', 'A@B.org', 0),"
                    + " (600, 'Grace', 'Hopper', 'grace@x.org', 7)");
            h.execute("DROP TABLE legacy_users");
        });
    }

    private static Row split(Row row) {
        String full = row.string("full_name");
        int space = full.indexOf(' ');
        return Row.of("first_name", full.substring(0, space), "last_name", full.substring(space + 1),
                "email", row.string("email").toLowerCase());
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_failing_diff_shows_counts_an_aligned_table_and_the_file(Engine engine) {
        Jdbi jdbi = migrated(engine);
        Snapshot before = Snapshot.of(jdbi, "SELECT id, full_name, email FROM legacy_users");
        migrate(jdbi);

        assertThatThrownBy(() -> assertThat(before)
                .migratedTo(jdbi, "SELECT id, first_name, last_name, email FROM users")
                .matchingOn("id")
                .expecting(MigrationAssertionsTest::split)
                .hasNoDifferences())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[rows of users] \nMigrated rows differ from the expected transform (matched on id): 4 source rows,\n"
                        + "1 equal, 2 changed, 1 missing, 0 unexpected\n"
                        + "  id    column      expected              actual\n"
                        + "  17    last_name   \"van Dyke\"            \"Dyke\"\n"
                        + "  404   email       \"a@b.org\"             \"A@B.org\"\n"
                        + "  512   <missing>   row absent in users   \n"
                        + "3 differences; the full list is in ")
                .hasMessageContaining(Path.of("target", "migratest", "diffs").toString())
                .hasMessageContaining("MigrationAssertionsTest.a_failing_diff_shows_counts_an_aligned_table_and_the_file-");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void the_in_database_mode_fails_with_the_same_message_as_the_streaming_merge(Engine engine) {
        Jdbi jdbi = migrated(engine);
        Snapshot before = Snapshot.inDatabase(jdbi, "SELECT id, email AS mail, balance FROM legacy_users");
        migrate(jdbi);

        Throwable[] failures = new Throwable[2];
        io.migratest.compare.DataDiff.Mode[] modes = {io.migratest.compare.DataDiff.Mode.STREAMING,
                io.migratest.compare.DataDiff.Mode.IN_DATABASE};
        for (int i = 0; i < 2; i++) {
            io.migratest.compare.DataDiff.Mode mode = modes[i];
            failures[i] = org.assertj.core.api.Assertions.catchThrowable(() -> assertThat(before)
                    .migratedTo(jdbi, "SELECT id, email, balance FROM users")
                    .matchingOn("id")
                    .renaming("mail", "email")
                    .writingDifferencesTo(Path.of("target", "migratest", "diffs", "in-database-" + engine + ".csv"))
                    .mode(mode)
                    .hasNoDifferences());
        }

        assertThat(failures[1]).isInstanceOf(AssertionError.class)
                .hasMessage(failures[0].getMessage())
                .hasMessageContaining("3 equal, 0 changed, 1 missing, 0 unexpected")
                .hasMessageContaining("512   <missing>");
        assertThatThrownBy(() -> assertThat(before).migratedTo(jdbi, "SELECT id, email, balance FROM users")
                .matchingOn("id").renaming("mail", "email").expecting(row -> row).inDatabase().hasNoDifferences())
                .isInstanceOf(io.migratest.compare.DiffConfigurationException.class)
                .hasMessageContaining("cannot run in the database");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_correct_migration_passes_and_returns_the_report(Engine engine) {
        Jdbi jdbi = migrated(engine);
        Snapshot before = Snapshot.of(jdbi, "SELECT id, full_name, email FROM legacy_users WHERE id IN (404, 600)");
        migrate(jdbi);

        DiffReport report = assertThat(before)
                .migratedTo(jdbi, "SELECT id, first_name, last_name, email FROM users WHERE id <> 17")
                .matchingOn("id")
                .expecting(row -> split(row).with("email", row.string("email")))
                .hasNoDifferences();

        assertThat(report.equal()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void soft_assertions_collect_every_failure_of_the_chains(Engine engine) {
        Jdbi jdbi = migrated(engine);
        Snapshot before = Snapshot.of(jdbi, "SELECT id, full_name, email, balance FROM legacy_users");
        migrate(jdbi);

        MigrationSoftAssertions softly = new MigrationSoftAssertions();
        softly.assertThat(jdbi).table("users").hasSameRowCountAs(before);
        softly.assertThat(before).migratedTo(jdbi, "SELECT id, first_name, last_name, email FROM users")
                .matchingOn("id").expecting(MigrationAssertionsTest::split).hasNoDifferences();
        softly.assertThat(jdbi).table("users").column("balance").hasSameSumAs(before, "balance");
        softly.assertThat(jdbi).table("users").column("email").hasNoNulls();

        assertThat(softly.assertionErrorsCollected()).hasSize(3);
        assertThatThrownBy(softly::assertAll)
                .hasMessageContaining("Expecting table users to have as many rows as the snapshot of")
                .hasMessageContaining("1 equal, 2 changed, 1 missing, 0 unexpected")
                .hasMessageContaining("Expecting the sum of column users.balance to be that of balance in the snapshot of")
                .hasMessageContaining("(19.75)\nbut it is 17.50");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void column_checks_and_contained_rows(Engine engine) {
        database = TestDatabases.create(engine);
        Jdbi jdbi = database.jdbi();
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE t (id INTEGER, email VARCHAR(20), code VARCHAR(5), n INTEGER)");
            h.execute("INSERT INTO t VALUES (1, 'a@x', 'ab', 5), (2, NULL, 'AB', 1), (3, 'c@x', 'cd', 9), (4, 'c@x', NULL, NULL)");
        });
        Snapshot before = Snapshot.of(jdbi, "SELECT n FROM t");

        assertThat(jdbi).table("t").column("code").hasDistinctValues();
        assertThat(jdbi).table("t").column("n").hasSameSumAs(before, "n").hasSameMinAs(before, "n").hasSameMaxAs(before, "n");
        assertThat(jdbi).table("t").containsRows(Row.of("id", 1, "email", "a@x"), Row.of("id", 2L, "email", null));
        assertThat(jdbi).table("t").column("id").hasNoNulls();

        assertThatThrownBy(() -> assertThat(jdbi).table("t").column("email").hasNoNulls())
                .hasMessage(("[column t.email] %nExpecting column t.email to have no NULLs%nbut 1 of 4 rows hold NULL, e.g.%n"
                        + "  {id=2, email=NULL, code=\"AB\", n=1}").formatted());
        assertThatThrownBy(() -> assertThat(jdbi).table("t").column("email").hasDistinctValues())
                .hasMessage(("[column t.email] %nExpecting column t.email to have distinct values%nbut these occur more than once:%n"
                        + "  \"c@x\" (2 times)").formatted());
        assertThatThrownBy(() -> assertThat(jdbi).table("t").containsRows(Row.of("id", 1, "email", "A@X")))
                .hasMessageContaining("but these were not found:%n  {id=1, email=\"A@X\"}".formatted());
        jdbi.useHandle(h -> h.execute("UPDATE t SET n = 10 WHERE id = 3"));
        assertThatThrownBy(() -> assertThat(jdbi).table("t").column("n").hasSameMaxAs(before, "n"))
                .hasMessageContaining("Expecting the maximum of column t.n to be that of n in the snapshot of%n  SELECT n FROM t%n(9)%nbut it is 10"
                        .formatted());
    }
}
