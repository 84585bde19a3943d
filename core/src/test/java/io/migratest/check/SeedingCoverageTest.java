package io.migratest.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.report.Outcome;
import io.migratest.report.Report;
import io.migratest.testing.TestCheckOptions;
import io.migratest.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "Data survives" fills every table with rows that fit the columns (narrow integers, DECIMAL(3,1),
 * ENUM and enum types, CHAR(2), a CHECK, a NOT NULL column generated from JSON, a join table keyed
 * by two foreign keys), carries NULLs and boundary values that a step tightening NOT NULL meets,
 * and reports a step before which a table could not be filled as "not verified", never as a pass.
 */
class SeedingCoverageTest {

    @TempDir
    Path files;

    private static DatabaseServer server(Engine engine) {
        return engine == Engine.MYSQL ? TestServers.mysqlServer() : TestServers.of(engine);
    }

    private CheckOptions.Builder options() {
        return TestCheckOptions.in(files);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void every_table_is_seeded_and_a_step_tightening_not_null_fails_on_the_generated_nulls(Engine engine)
            throws SQLException {
        try (TestDatabase db = server(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations("classpath:checks/generated/{vendor}").load();
            List<CheckResult> results = Checks.on(db, migrator, options().build()).dataSurvives().stream()
                    .map(CheckStep::run).toList();

            assertThat(results).hasSize(4);
            for (CheckResult seeded : results.subList(1, 3)) {
                assertThat(seeded.passed()).as(seeded.fullMessage()).isTrue();
                assertThat(seeded.measurements()).as(seeded.fullMessage())
                        .containsEntry("tablesSeeded", 5L).containsEntry("tablesPresent", 5L);
                assertThat(seeded.details()).as(seeded.fullMessage()).isEmpty();
            }
            CheckResult tightened = results.get(3);
            assertThat(tightened.failed()).as(tightened.fullMessage()).isTrue();
            assertThat(tightened.message()).contains("V4 (V4__Require_note_body.sql) fails on a database holding rows");

            try (Connection connection = db.dataSource().getConnection()) {
                // three seedings (before V2, V3 and V4) of five rows each
                for (String table : List.of("sizes", "products", "tags", "product_tags", "notes")) {
                    assertThat(count(connection, "SELECT COUNT(*) FROM " + table)).as(table).isEqualTo(15);
                }
                assertThat(count(connection, "SELECT COUNT(DISTINCT sku) FROM products WHERE sku IS NOT NULL")).isEqualTo(15);
                assertThat(count(connection, "SELECT COUNT(*) FROM notes WHERE body IS NULL")).isEqualTo(3);
                assertThat(count(connection, "SELECT COUNT(*) FROM notes WHERE body LIKE '%東京%'")).isEqualTo(3);
                assertThat(count(connection, "SELECT COUNT(*) FROM notes WHERE body = ''")).isEqualTo(3);
                assertThat(text(connection, "SELECT MAX(weight) FROM sizes")).isEqualTo("99.9");
                assertThat(text(connection, "SELECT MIN(weight) FROM sizes")).isEqualTo("-99.9");
                assertThat(count(connection, "SELECT MAX(qty) FROM sizes")).isEqualTo(32767);
                assertThat(count(connection, "SELECT COUNT(*) FROM sizes WHERE status NOT IN ('open', 'closed')")).isZero();
                assertThat(count(connection, "SELECT MAX(LENGTH(label)) FROM sizes")).isLessThanOrEqualTo(2);
                assertThat(count(connection, "SELECT COUNT(DISTINCT colour) FROM sizes")).isGreaterThan(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_table_the_generator_cannot_fill_makes_the_step_not_verified(Engine engine) throws Exception {
        try (TestDatabase db = server(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations("classpath:checks/unfillable/{vendor}").load();
            Report report = Report.create();
            List<CheckResult> results = Checks.on(db, migrator, options().build(), report).dataSurvives().stream()
                    .map(CheckStep::run).toList();

            CheckResult step = results.get(1);
            assertThat(step.status()).as(step.fullMessage()).isEqualTo(Outcome.Status.NOT_VERIFIED);
            assertThat(step.notVerified()).isTrue();
            assertThat(step.message()).startsWith("not verified: places: not seeded: no generator for column spot of type point")
                    .contains("(NOT NULL, no default)");
            assertThat(step.measurements()).containsEntry("tablesSeeded", 1L).containsEntry("tablesPresent", 2L);

            report.write(files.resolve("report"));
            String markdown = Files.readString(files.resolve("report/report.md"), StandardCharsets.UTF_8);
            assertThat(markdown).contains("1 skipped (1 not verified)")
                    .contains("### ⚠️ data survives · V2 Add seen")
                    .contains("not verified: places: not seeded")
                    .contains("Seeding coverage: 1 / 2 tables seeded")
                    .contains("| data survives | V2 Add seen | **1 / 2** |");
            String json = Files.readString(files.resolve("report/report.json"), StandardCharsets.UTF_8);
            assertThat(json).contains("\"notVerified\" : 1").contains("\"tablesPresent\" : 2");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MYSQL", "MARIADB"})
    void a_tinyint_key_is_filled_up_to_its_maximum_and_then_the_step_is_not_verified(Engine engine) throws SQLException {
        try (TestDatabase db = server(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations("classpath:checks/generated-tiny/{vendor}").load();
            CheckResult step = Checks.on(db, migrator, options().rowsPerTable(200).build()).dataSurvives().stream()
                    .map(CheckStep::run).toList().get(1);

            assertThat(step.notVerified()).as(step.fullMessage()).isTrue();
            assertThat(step.message()).startsWith("not verified: flags: 127 of 200 generated rows inserted: key column id"
                    + " (tinyint) has no free value left: every value from 1 to 127 is taken");
            try (Connection connection = db.dataSource().getConnection()) {
                assertThat(count(connection, "SELECT MAX(id) FROM flags")).isEqualTo(127);
                assertThat(count(connection, "SELECT MIN(v) FROM flags")).isEqualTo(-2_147_483_648L);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = "POSTGRES")
    void fail_on_not_verified_turns_the_step_into_a_failure(Engine engine) {
        try (TestDatabase db = server(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations("classpath:checks/unfillable/{vendor}").load();
            CheckOptions strict = CheckOptions.builder(Settings.of("migratest.checks.failOnNotVerified", "true"))
                    .baselineFile(files.resolve("baseline.json")).snapshotDirectory(files)
                    .outputDirectory(files.resolve("out")).failOnMissingFiles(false).build();
            assertThat(strict.failOnNotVerified()).isTrue();
            CheckResult step = Checks.on(db, migrator, strict).dataSurvives().stream().map(CheckStep::run).toList().get(1);

            assertThat(step.failed()).as(step.fullMessage()).isTrue();
            assertThat(step.message()).startsWith("not verified: places: not seeded")
                    .contains("migratest.checks.failOnNotVerified");
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
