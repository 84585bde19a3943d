package io.migratest.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.MigratestException;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.testing.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The volume rehearsal on real servers: a whole-table UPDATE grows with the rows and its
 * projection to production size fails the budget; adding a nullable column stays constant.
 */
class VolumeRehearsalTest {

    @TempDir
    Path files;

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_whole_table_update_is_projected_over_the_budget_and_an_added_column_is_not(Engine engine) {
        CheckOptions budget = CheckOptions.builder(Settings.of()).lockBudgetMillis(200).build();
        VolumeOptions volume = VolumeOptions.builder(Settings.of()).sizes(1_000, 5_000, 25_000).repeats(3)
                .productionRows("orders", 50_000_000).build();

        List<CheckResult> results;
        try (TestDatabase db = server(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations("classpath:checks/volume/history").load();
            results = Checks.on(db, migrator, budget).volumeRehearsal(volume).stream().map(CheckStep::run).toList();
        }

        assertThat(results).extracting(CheckResult::subject).containsExactly("measure at 1,000, 5,000, 25,000 rows",
                "V1 create orders", "V2 add note", "V3 archive all orders");
        assertThat(results.get(0).passed()).isTrue();
        assertThat(results.get(1).message()).contains("touches no table that exists before it");

        CheckResult added = results.get(2);
        assertThat(added.passed()).as(added.fullMessage()).isTrue();
        // constant, or (a noisy machine can make it look linear) projected long but holding no write-blocking lock
        assertThat(added.details()).anyMatch(d -> d.startsWith("fit: constant")
                || d.startsWith("locks: held no lock that blocks writes"));

        CheckResult update = results.get(3);
        assertThat(update.failed()).as(update.fullMessage()).isTrue();
        assertThat(update.message()).contains("V3 (V3__archive_all_orders.sql) on orders is projected",
                " at 50,000,000 rows of orders", "ms at 1,000, ", "ms at 25,000 rows", "over the lock budget of 200 ms",
                "=> ", "backfill in batches");
        assertThat(update.message()).containsAnyOf("linear fit", "n log n fit");
        assertThat(update.details()).anySatisfy(d -> assertThat(d).startsWith("measured: 1,000 rows ")
                .contains("; 5,000 rows ", "; 25,000 rows "));
        assertThat(update.details()).anySatisfy(d -> assertThat(d).startsWith("projection: projected "));
        assertThat(update.measurements().get("projectedMillis")).isGreaterThan(200L);
        // the budget applies because the step was seen holding a write-blocking lock on orders while changing every row
        assertThat(update.details()).anySatisfy(d -> assertThat(d).startsWith("locks: held ").contains(" on orders"));
    }

    @Test
    void without_a_declared_production_size_the_fit_is_shown_and_nothing_fails() {
        CheckOptions budget = CheckOptions.builder(Settings.of()).lockBudgetMillis(200).build();
        VolumeOptions volume = VolumeOptions.builder(Settings.of()).sizes(1_000, 4_000).build();

        List<CheckResult> results;
        try (TestDatabase db = TestServers.of(Engine.POSTGRES).createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations("classpath:checks/volume/history").load();
            results = Checks.on(db, migrator, budget).volumeRehearsal(volume).stream().map(CheckStep::run).toList();
        }

        assertThat(results).allMatch(CheckResult::passed);
        assertThat(results.get(3).message()).contains("not projected, no production size declared");
        assertThat(results.get(3).details()).anyMatch(d -> d.contains("@ProductionRows(table = \"orders\", rows = ...)"));
    }

    @Test
    void production_rows_come_from_the_properties_file_of_the_setting() throws IOException {
        Path file = Files.writeString(files.resolve("production-rows.properties"),
                "# from pg_class.reltuples on the replica\norders = 50_000_000\nCustomers=120000\n");

        VolumeOptions volume = VolumeOptions.builder(Settings.of("migratest.volume.productionRowsFile", file.toString(),
                "migratest.volume.sizes", "100, 1000")).build();

        assertThat(volume.productionRows("ORDERS")).hasValue(50_000_000);
        assertThat(volume.productionRows("customers")).hasValue(120_000);
        assertThat(volume.productionRows("items")).isEmpty();
        assertThat(volume.sizes()).containsExactly(100L, 1_000L);
    }

    @Test
    void a_line_that_is_not_table_equals_rows_is_named_with_its_file_and_line() throws IOException {
        Path file = Files.writeString(files.resolve("rows.properties"), "orders=5\ncustomers=many\n");

        assertThatThrownBy(() -> VolumeOptions.builder(Settings.of()).productionRowsFile(file))
                .isInstanceOf(MigratestException.class)
                .hasMessageContaining(file + " line 2: 'customers=many' is not table=rows")
                .hasMessageContaining("=> write one table a line");
    }

    @Test
    void one_size_is_refused_by_the_setting() {
        assertThatThrownBy(() -> VolumeOptions.builder(Settings.of("migratest.volume.sizes", "1000")))
                .hasMessageContaining("migratest.volume.sizes");
    }

    private static io.migratest.db.DatabaseServer server(Engine engine) {
        return engine == Engine.MYSQL ? TestServers.mysqlServer() : TestServers.of(engine);
    }
}
