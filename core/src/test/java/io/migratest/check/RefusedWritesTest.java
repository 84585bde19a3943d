package io.migratest.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.report.Outcome;
import io.migratest.testing.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lock rehearsal when the server refuses its writers' writes: refused before the step could
 * change the table, the writers could not write and the step is not verified, naming the table
 * and the server's reason; refused once the step changed the table, they are writes in its
 * previous shape, reported in the message of a passed step, or failed with
 * {@code migratest.lock.oldWritesRefused=fail}.
 */
class RefusedWritesTest {

    @TempDir
    Path files;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void writers_refused_before_the_step_changed_their_table_leave_the_step_not_verified(Engine engine) {
        CheckResult result = rehearse(engine, "trigger", CheckOptions.builder(Settings.of())).get(1);

        assertThat(result.status()).as(result.fullMessage()).isEqualTo(Outcome.Status.NOT_VERIFIED);
        assertThat(result.message()).startsWith("not verified: ")
                .contains("orders: the writers' writes were refused before V2 changed it (",
                        "first: a concurrent INSERT into orders failed: ", "orders are closed");
        assertThat(result.measurements().get("refusedBeforeChange")).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void writers_refused_before_the_step_fail_it_where_not_verified_fails(Engine engine) {
        CheckResult result = rehearse(engine, "trigger", CheckOptions.builder(Settings.of())
                .failOnNotVerified(true)).get(1);

        assertThat(result.failed()).as(result.fullMessage()).isTrue();
        assertThat(result.message()).contains("orders: the writers' writes were refused before V2 changed it",
                "=> see why the server refused the writers' rows");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void writes_in_the_previous_shape_refused_after_the_step_changed_the_table_are_a_finding_of_a_passed_step(
            Engine engine) {
        CheckResult result = rehearse(engine, "check", CheckOptions.builder(Settings.of())).get(1);

        assertThat(result.passed()).as(result.fullMessage()).isTrue();
        // the rows in the previous shape take the default until statement 2 drops it
        assertThat(result.message()).containsPattern("^\\d+ writes in the previous shape of orders refused after"
                        + " statement 2 \\(line 3\\) `ALTER TABLE orders ALTER COLUMN currency DROP DEFAULT` changed it"
                        + " \\(first: a concurrent INSERT into orders failed: ")
                .contains("; longest write wait ")
                // MySQL refuses the missing value itself: the column has no default any more
                .containsPattern("orders_currency_given|'currency'");
        assertThat(result.measurements().get("oldShapeRefused")).isPositive();
        assertThat(result.measurements().get("refusedBeforeChange")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void writes_in_the_previous_shape_fail_the_step_with_the_setting(Engine engine) {
        CheckResult result = rehearse(engine, "check",
                CheckOptions.builder(Settings.of(Setting.LOCK_OLD_WRITES_REFUSED.key(), "fail"))).get(1);

        assertThat(result.failed()).as(result.fullMessage()).isTrue();
        assertThat(result.message()).startsWith("V2 (V2__Require_order_currency.sql) makes the server refuse writes in"
                + " the tables' previous shape: ").contains(" writes in the previous shape of orders refused after"
                + " statement 2 ", "=> code that still writes that shape fails from V2 on",
                "migratest.lock.oldWritesRefused=report");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void writers_write_rows_the_tables_checks_accept(Engine engine) {
        CheckResult result = rehearse(engine, "checked", CheckOptions.builder(Settings.of())).get(1);

        assertThat(result.passed()).as(result.fullMessage()).isTrue();
        assertThat(result.measurements().get("writes")).isPositive();
        assertThat(result.measurements().get("refusedWrites")).as(result.fullMessage()).isZero();
        assertThat(result.measurements().get("refusedBeforeChange")).as(result.fullMessage()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_shared_pass_of_migration_checks_tells_the_refusals_apart_too(Engine engine) {
        CheckResult closed = rehearse(engine, "trigger", CheckOptions.builder(Settings.of()), true).get(1);
        CheckResult currency = rehearse(engine, "check", CheckOptions.builder(Settings.of()), true).get(1);

        assertThat(closed.status()).as(closed.fullMessage()).isEqualTo(Outcome.Status.NOT_VERIFIED);
        assertThat(closed.message()).contains("orders: the writers' writes were refused before V2 changed it (",
                "orders are closed");
        assertThat(currency.passed()).as(currency.fullMessage()).isTrue();
        assertThat(currency.message()).contains(" writes in the previous shape of orders refused after statement 2 ");
    }

    private List<CheckResult> rehearse(Engine engine, String history, CheckOptions.Builder options) {
        return rehearse(engine, history, options, false);
    }

    private List<CheckResult> rehearse(Engine engine, String history, CheckOptions.Builder options, boolean shared) {
        CheckOptions built = options.baselineFile(files.resolve("baseline.json"))
                .snapshotDirectory(files)
                .outputDirectory(files.resolve("out"))
                .build();
        String vendor = engine == Engine.POSTGRES ? "postgresql" : "mysql";
        DatabaseServer server = engine == Engine.MYSQL ? TestServers.mysqlServer() : TestServers.of(engine);
        try (TestDatabase db = server.createDatabase()) {
            Migrator migrator = Migrator.configure(db)
                    .locations("classpath:checks/locks/refused/" + history + "/" + vendor).load();
            List<CheckResult> results = new ArrayList<>();
            Checks checks = Checks.on(db, migrator, built);
            for (CheckStep step : (shared ? checks.sharing(ChecksPass.create()) : checks).lockRehearsal()) {
                results.add(step.run());
            }
            return results;
        }
    }
}
