package io.migratest.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.testing.TestCheckOptions;
import io.migratest.testing.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** "Data survives" follows a renamed table or column to its new name instead of calling it data loss. */
class RenamedDataSurvivesTest {

    @TempDir
    Path files;

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void renamed_tables_and_key_columns_keep_their_rows_and_later_steps_run(Engine engine) {
        List<CheckResult> results = dataSurvives(engine, "classpath:checks/rename/common", "classpath:checks/rename/{vendor}");

        assertThat(results).hasSize(5).allSatisfy(r -> assertThat(r.passed()).as(r.fullMessage()).isTrue());
        assertThat(results.get(1).message()).contains("none lost").containsPattern("renamed orders -> purchases, [1-9]\\d* rows kept");
        assertThat(results.get(2).message())
                .containsPattern("table customers: [1-9]\\d* rows kept \\(columns renamed: id -> customer_no\\)");
        assertThat(results.get(3).message()).containsPattern("renamed purchases -> orders_archive, [1-9]\\d* rows kept"
                + " \\(columns renamed: id -> purchase_id\\)");
        assertThat(results.get(4).message()).contains("none lost").doesNotContain("renamed");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_renamed_table_that_is_then_dropped_is_still_data_loss(Engine engine) {
        CheckResult dropped = dataSurvives(engine, "classpath:checks/rename/dropped").get(1);

        assertThat(dropped.failed()).isTrue();
        assertThat(dropped.message()).contains("V2 (V2__Drop_orders.sql) lost rows in 1 table(s)",
                "@AllowDataLoss(version = \"2\", table = \"orders\")");
        assertThat(dropped.details().get(0)).isEqualTo("table orders is gone with its 5 rows");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void keys_are_compared_through_a_renamed_key_column(Engine engine) {
        CheckResult renumbered = dataSurvives(engine, "classpath:checks/rename/rekeyed").get(1);

        assertThat(renumbered.failed()).isTrue();
        assertThat(renumbered.details().get(0)).startsWith("table customers: ").contains("key(s) missing, first: id=");
    }

    @Test
    void on_postgresql_the_catalog_finds_renames_the_sql_does_not_show() {
        CheckResult renamed = dataSurvives(Engine.POSTGRES, "classpath:checks/rename/catalog").get(1);

        assertThat(renamed.passed()).as(renamed.fullMessage()).isTrue();
        assertThat(renamed.message()).containsPattern("renamed orders -> purchases, [1-9]\\d* rows kept")
                .containsPattern("table customers: [1-9]\\d* rows kept \\(columns renamed: id -> customer_no\\)");
    }

    private List<CheckResult> dataSurvives(Engine engine, String... locations) {
        try (TestDatabase db = server(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations(locations).load();
            CheckOptions options = TestCheckOptions.in(files)
                    .build();
            List<CheckResult> results = new ArrayList<>();
            for (CheckStep step : Checks.on(db, migrator, options).dataSurvives()) {
                results.add(step.run());
            }
            return results;
        }
    }

    private static DatabaseServer server(Engine engine) {
        return engine == Engine.MYSQL ? TestServers.mysqlServer() : TestServers.of(engine);
    }
}
