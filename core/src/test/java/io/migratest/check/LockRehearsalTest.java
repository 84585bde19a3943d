package io.migratest.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.report.Outcome;
import io.migratest.testing.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lock rehearsal with the README's {@code @LockBudget(millis = 200)}: the common blocking
 * migrations fail on the lock their statement holds (tables here are small, so no write waits
 * long), their safe rewrites pass, and a step that breaks under the writers fails as a finding.
 */
class LockRehearsalTest {

    @TempDir
    Path files;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "plain_index      | ShareLock on orders           | builds an index by reading every row | CREATE INDEX CONCURRENTLY",
        "volatile_default | AccessExclusiveLock on orders | rewrites the table                    | back-fill it in batches",
        "validated_check  | AccessExclusiveLock on orders | reads every row                       | NOT VALID, then VALIDATE",
        "type_rewrite     | AccessExclusiveLock on orders | rewrites the table                    | add a new column",
        "whole_update     | row locks on every row on orders | rows in one transaction: each row stays locked | batches that each commit",
    })
    void a_blocking_postgres_migration_fails_the_default_budget(String pattern, String lock, String why, String fix) {
        CheckResult result = rehearse(Engine.POSTGRES, "postgresql/" + pattern).get(1);

        assertThat(result.failed()).as(result.fullMessage()).isTrue();
        assertThat(result.message()).startsWith("V2 line ").contains(" held " + lock + " for ", why, "=> ", fix);
        assertThat(result.measurements()).containsKeys("writeP50Micros", "writeP99Micros", "writesPerSecond");
        assertThat(result.measurements().get("blockingStatements")).isPositive();
        // where a pull request annotation points: the source file and the statement's line
        assertThat(result.details().get(0)).matches("location: core/src/test/resources/checks/locks/postgresql/"
                + pattern + "/V2__[A-Za-z_]+\\.sql:1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"concurrent_index", "constant_default", "check_not_valid", "batched_backfill"})
    void its_safe_rewrite_passes(String pattern) {
        CheckResult result = rehearse(Engine.POSTGRES, "postgresql/" + pattern).get(1);

        assertThat(result.passed()).as(result.fullMessage()).isTrue();
        assertThat(result.measurements().get("blockingStatements")).isZero();
        assertThat(result.measurements().get("writes")).isPositive();
        assertThat(result.message()).contains("writes p50 ", " p99 ", " per second");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MYSQL   | modify_type    | metadata lock SHARED_NO_WRITE (ALGORITHM=COPY) on orders | copies every row",
        "MARIADB | modify_type    | metadata lock SHARED_NO_WRITE (ALGORITHM=COPY) on orders | copies every row",
        "MYSQL   | algorithm_copy | metadata lock SHARED_NO_WRITE (ALGORITHM=COPY) on orders | copies every row",
        "MARIADB | algorithm_copy | metadata lock SHARED_NO_WRITE (ALGORITHM=COPY) on orders | copies every row",
        "MYSQL   | lock_tables    | metadata lock SHARED_NO_READ_WRITE on orders       | until UNLOCK TABLES",
        "MARIADB | lock_tables    | table lock WRITE on orders                         | until UNLOCK TABLES",
        "MYSQL   | whole_update   | row locks on every row on orders                   | rows in one transaction",
        "MARIADB | whole_update   | row locks on every row on orders                   | rows in one transaction",
    })
    void a_blocking_mysql_or_mariadb_migration_fails_the_default_budget(Engine engine, String pattern, String lock,
            String why) {
        CheckResult result = rehearse(engine, "mysql/" + pattern).get(1);

        assertThat(result.failed()).as(result.fullMessage()).isTrue();
        assertThat(result.message()).startsWith("V2 line 1 ").contains(" held " + lock + " for ", why, "=> ");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MYSQL", "MARIADB"})
    void adding_a_foreign_key_with_checks_on_copies_the_table(Engine engine) {
        CheckResult result = rehearse(engine, List.of("checks/locks/fk/mysql")).get(1);

        assertThat(result.failed()).as(result.fullMessage()).isTrue();
        assertThat(result.message()).contains("held metadata lock SHARED_NO_WRITE (ALGORITHM=COPY) on orders", "foreign_key_checks=0");
    }

    @ParameterizedTest
    @CsvSource({"MYSQL, instant_column", "MARIADB, instant_column", "MYSQL, inplace_index", "MARIADB, inplace_index",
        "MYSQL, batched_backfill", "MARIADB, batched_backfill"})
    void the_safe_mysql_or_mariadb_variant_passes(Engine engine, String pattern) {
        CheckResult result = rehearse(engine, "mysql/" + pattern).get(1);

        assertThat(result.passed()).as(result.fullMessage()).isTrue();
        assertThat(result.measurements().get("blockingStatements")).isZero();
    }

    @Test
    void a_lock_that_blocks_writes_is_named_with_its_statement_and_line_even_when_brief() {
        CheckResult result = rehearse(Engine.POSTGRES, "postgresql/constant_default").get(1);

        assertThat(result.details()).anySatisfy(line -> assertThat(line)
                .startsWith("V2 line 1 `ALTER TABLE orders ADD COLUMN status VARCHAR(10) DEFAULT 'new'` held"
                        + " AccessExclusiveLock on orders for ")
                .contains("ms: blocks INSERT, UPDATE, DELETE"));
    }

    @Test
    void two_copies_that_break_under_concurrent_inserts_fail_as_not_safe_under_concurrent_writes() {
        CheckResult result = rehearse(Engine.POSTGRES, "postgresql/copy_twice").get(1);

        assertThat(result.failed()).as(result.fullMessage()).isTrue();
        assertThat(result.message()).startsWith("V2 (V2__Archive_orders.sql) is not safe under concurrent writes:")
                .contains("statement 5 (line 6) `INSERT INTO order_archive_flags (order_id) SELECT id FROM orders` saw a row"
                        + " inserted after the statements before it had run, and failed: ", "foreign key", "(it passes without writers)",
                        "=> make the step see one state of the data");
    }

    /**
     * On MySQL and MariaDB each DDL statement commits by itself: the column the step added first
     * stays when a later statement fails under the writers. Run alone again on that database, the
     * step would fail on its own first statement ("Duplicate column") and be reported as broken.
     */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MYSQL", "MARIADB"})
    void a_back_fill_that_writers_outrun_is_not_safe_under_concurrent_writes_though_its_first_statement_committed(
            Engine engine) {
        CheckResult result = rehearse(engine, "mysql/backfill_then_not_null").get(1);

        assertThat(result.failed()).as(result.fullMessage()).isTrue();
        assertThat(result.message()).startsWith("V2 (V2__Require_order_code.sql) is not safe under concurrent writes:"
                + " statement 4 (line 6) `ALTER TABLE orders MODIFY code VARCHAR(40) NOT NULL` saw a row inserted after"
                + " the statements before it had run, and failed: ").contains("(it passes without writers)");
    }

    @Test
    void a_step_that_deadlocks_with_a_writer_fails_naming_the_write() {
        CheckResult result = rehearse(Engine.POSTGRES, List.of("checks/locks/deadlock/postgresql")).get(1);

        assertThat(result.failed()).as(result.fullMessage()).isTrue();
        assertThat(result.message()).startsWith("V2 (V2__Lock_customers_then_orders.sql) deadlocked with a concurrent")
                .contains("orders", "=> take the locks in the order the application does");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MYSQL", "MARIADB"})
    void a_step_that_deadlocks_with_a_writer_fails_naming_the_write_on_mysql_and_mariadb(Engine engine) {
        // each server takes an INSERT's two locks in its own order, so each has the step that crosses them
        CheckResult result = rehearse(engine, List.of("checks/locks/deadlock/" + engine.vendor())).get(1);

        assertThat(result.failed()).as(result.fullMessage()).isTrue();
        // the server aborts either side, and either writer may be the one crossed: the INSERT into orders or the
        // UPDATE of customers (or both, named together)
        assertThat(result.message()).startsWith("V2 (V2__Touch_")
                .containsPattern(" deadlocked with a concurrent (INSERT|UPDATE)")
                .contains("orders").contains("=> take the locks in the order the application does");
    }

    @Test
    void a_migration_that_fails_anyway_is_one_failed_result_and_the_later_steps_are_skipped() {
        List<CheckResult> results = rehearse(Engine.POSTGRES,
                List.of("checks/locks/base/postgresql", "checks/locks/broken/postgresql"));

        assertThat(results).extracting(CheckResult::status)
                .containsExactly(Outcome.Status.PASSED, Outcome.Status.FAILED, Outcome.Status.SKIPPED);
        assertThat(results.get(2).message()).isEqualTo("not run: V2 Add typo failed before it");
        assertThat(results.get(1).failed()).as(results.get(1).fullMessage()).isTrue();
        assertThat(results.get(1).message()).startsWith("V2 (V2__Add_typo.sql) fails while writers run, and again without"
                + " them: statement 1 (line 1) `ALTER TABLE orders ADD COLUMN note").contains("=> fix the migration itself");
        assertThat(results.get(1).details()).anySatisfy(line -> assertThat(line)
                .startsWith("without writers, on a database at version 1 built again (wiped, migrated to it and seeded):"
                        + " failed again: ").contains("line: 1"));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MYSQL", "MARIADB"})
    void a_migration_that_fails_anyway_fails_again_alone_on_its_own_error_though_its_first_statement_committed(
            Engine engine) {
        List<CheckResult> results = rehearse(engine, List.of("checks/locks/base/mysql", "checks/locks/broken/mysql"));

        assertThat(results).extracting(CheckResult::status)
                .containsExactly(Outcome.Status.PASSED, Outcome.Status.FAILED, Outcome.Status.SKIPPED);
        CheckResult broken = results.get(1);
        assertThat(broken.message()).as(broken.fullMessage()).startsWith("V2 (V2__Add_typo.sql) fails while writers"
                + " run, and again without them: statement 2 (line 2) `ALTER TABLE orders ADD COLUMN flag")
                .contains("=> fix the migration itself");
        // the run alone met the step's own error, not the column its first statement left behind
        assertThat(broken.details()).anySatisfy(line -> assertThat(line)
                .startsWith("without writers, on a database at version 1 built again (wiped, migrated to it and seeded):"
                        + " failed again: ").contains("line: 2", "syntax"));
        assertThat(broken.fullMessage()).doesNotContainIgnoringCase("duplicate column");
    }

    private List<CheckResult> rehearse(Engine engine, String pattern) {
        String base = pattern.startsWith("postgresql/") ? "postgresql" : "mysql";
        return rehearse(engine, List.of("checks/locks/base/" + base, "checks/locks/" + pattern));
    }

    private List<CheckResult> rehearse(Engine engine, List<String> locations) {
        CheckOptions options = CheckOptions.builder()
                .baselineFile(files.resolve("baseline.json"))
                .snapshotDirectory(files)
                .outputDirectory(files.resolve("out"))
                .lockBudgetMillis(200)
                .build();
        DatabaseServer server = engine == Engine.MYSQL ? TestServers.mysqlServer() : TestServers.of(engine);
        try (TestDatabase db = server.createDatabase()) {
            Migrator migrator = Migrator.configure(db)
                    .locations(locations.stream().map(l -> "classpath:" + l).toArray(String[]::new)).load();
            List<CheckResult> results = new ArrayList<>();
            for (CheckStep step : Checks.on(db, migrator, options).lockRehearsal()) {
                results.add(step.run());
            }
            return results;
        }
    }
}
