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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The checks sharing one pass ({@link ChecksPass}) report what each reports alone: the same steps,
 * statuses and findings, one failure per check for one broken migration, and a step that fails
 * only on rows still applies from empty.
 */
class SharedPassTest {

    /** The checks the pass serves, in the order {@code MigrationChecks} declares them. */
    private static final Map<Check, Function<Checks, List<CheckStep>>> SHARED = new LinkedHashMap<>();

    static {
        SHARED.put(Check.APPLIES_FROM_EMPTY, Checks::appliesFromEmpty);
        SHARED.put(Check.DATA_SURVIVES, Checks::dataSurvives);
        SHARED.put(Check.UNDO_ROUND_TRIP, Checks::undoRoundTrip);
        SHARED.put(Check.SCHEMA_MATCHES_SNAPSHOT, Checks::schemaMatchesSnapshot);
        SHARED.put(Check.LOCK_REHEARSAL, Checks::lockRehearsal);
    }

    @TempDir
    Path files;

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB"})
    void the_shared_pass_gives_each_check_the_results_it_gives_alone(Engine engine) {
        for (String history : List.of("checks/undo/good", "checks/undo/bad", "checks/dataloss/bad")) {
            Map<Check, List<CheckResult>> alone = alone(engine, history);
            Map<Check, List<CheckResult>> shared = shared(engine, history);

            for (Check check : SHARED.keySet()) {
                assertThat(shared.get(check)).as(history + ": " + check).extracting(CheckResult::subject, CheckResult::status)
                        .containsExactlyElementsOf(alone.get(check).stream().map(r -> org.assertj.core.groups.Tuple.tuple(
                                r.subject(), r.status())).toList());
            }
            // the findings read the same; only times differ
            for (Check check : List.of(Check.DATA_SURVIVES, Check.UNDO_ROUND_TRIP)) {
                assertThat(shared.get(check)).as(history + ": " + check).extracting(CheckResult::message)
                        .containsExactlyElementsOf(alone.get(check).stream().map(CheckResult::message).toList());
            }
            // the snapshot the check wrote alone is the schema the pass leaves
            assertThat(shared.get(Check.SCHEMA_MATCHES_SNAPSHOT).get(0).message()).as(history).startsWith("schema matches ");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB"})
    void a_round_trip_before_the_last_version_applies_that_version_again_before_the_next(Engine engine) {
        // (not compared with the checks alone: the rows the pass's writers leave make V3's counts differ)
        Map<Check, List<CheckResult>> middle = shared(engine, "checks/undo/middle");

        assertThat(middle.get(Check.UNDO_ROUND_TRIP)).singleElement().satisfies(r -> assertThat(r.message())
                .as(r.fullMessage()).isEqualTo("U2__Add_author.sql restores the schema of V1, and V2 applies again"));
        // V3 indexes the column V2 adds: it met V2 applied again
        for (Check check : List.of(Check.APPLIES_FROM_EMPTY, Check.DATA_SURVIVES, Check.LOCK_REHEARSAL)) {
            assertThat(middle.get(check)).as(check.displayName()).hasSize(3).allSatisfy(r -> assertThat(r.passed())
                    .as(r.fullMessage()).isTrue());
        }

        // V2's undo keeps the row V2 inserts, so V2 does not apply again (and the pass brings the
        // database back to V2 from empty for V3)
        Map<Check, List<CheckResult>> again = shared(engine, "checks/undo/again");

        assertThat(again.get(Check.UNDO_ROUND_TRIP)).singleElement().satisfies(r -> assertThat(r.message())
                .as(r.fullMessage()).startsWith("V2 does not apply again after U2__Welcome_note_and_author.sql"));
        assertThat(again.get(Check.APPLIES_FROM_EMPTY)).hasSize(3).allSatisfy(r -> assertThat(r.passed())
                .as(r.fullMessage()).isTrue());
    }

    /**
     * On MySQL and MariaDB the step's first statement (adding a column) commits before a later one
     * fails under the writers: the step runs alone again on the database built again at version 1,
     * not on the one the writers left, and the pass goes on from it applied alone: the other checks
     * check V3 on a sound database.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POSTGRES | postgresql | checks/locks/postgresql/copy_twice        | checks/shared/after-archive | V2 (V2__Archive_orders.sql)",
        "MYSQL    | mysql      | checks/locks/mysql/backfill_then_not_null | checks/shared/after-code    | V2 (V2__Require_order_code.sql)",
        "MARIADB  | mysql      | checks/locks/mysql/backfill_then_not_null | checks/shared/after-code    | V2 (V2__Require_order_code.sql)",
    })
    void a_step_that_breaks_only_under_writers_fails_the_lock_rehearsal_alone(Engine engine, String vendor, String step,
            String next, String name) {
        Map<Check, List<CheckResult>> shared = shared(engine, "checks/locks/base/" + vendor, step, next);

        assertThat(shared.get(Check.LOCK_REHEARSAL)).extracting(CheckResult::status)
                .containsExactly(Outcome.Status.PASSED, Outcome.Status.FAILED, Outcome.Status.SKIPPED);
        CheckResult lock = shared.get(Check.LOCK_REHEARSAL).get(1);
        assertThat(lock.message()).as(lock.fullMessage()).startsWith(name + " is not safe under concurrent writes:")
                .contains("(it passes without writers)");
        assertThat(lock.details()).contains("without writers, on a database at version 1 built again (wiped, migrated"
                + " to it and seeded): applied");
        for (Check check : List.of(Check.APPLIES_FROM_EMPTY, Check.DATA_SURVIVES, Check.SCHEMA_MATCHES_SNAPSHOT)) {
            assertThat(shared.get(check)).as(check.displayName()).allSatisfy(r -> assertThat(r.passed())
                    .as(r.fullMessage()).isTrue());
        }
        assertThat(shared.get(Check.APPLIES_FROM_EMPTY)).hasSize(3);
        // V3 found the rows seeded on the database built again, and kept them
        assertThat(shared.get(Check.DATA_SURVIVES)).hasSize(3);
        assertThat(shared.get(Check.DATA_SURVIVES).get(2).measurements().get("tablesSeeded")).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_broken_migration_is_one_failure_per_check_that_depends_on_it(Engine engine) {
        String vendor = engine == Engine.POSTGRES ? "postgresql" : "mysql";
        Map<Check, List<CheckResult>> shared = shared(engine, "checks/locks/base/" + vendor,
                "checks/locks/broken/" + vendor);

        assertThat(shared.get(Check.LOCK_REHEARSAL)).extracting(CheckResult::status)
                .containsExactly(Outcome.Status.PASSED, Outcome.Status.FAILED, Outcome.Status.SKIPPED);
        assertThat(shared.get(Check.LOCK_REHEARSAL).get(1).message())
                .startsWith("V2 (V2__Add_typo.sql) fails while writers run, and again without them");
        assertThat(shared.get(Check.APPLIES_FROM_EMPTY)).extracting(CheckResult::status)
                .containsExactly(Outcome.Status.PASSED, Outcome.Status.FAILED, Outcome.Status.SKIPPED);
        assertThat(shared.get(Check.APPLIES_FROM_EMPTY).get(1).message())
                .startsWith("V2 (V2__Add_typo.sql) does not apply on a database at version 1");
        assertThat(shared.get(Check.DATA_SURVIVES)).extracting(CheckResult::status)
                .containsExactly(Outcome.Status.PASSED, Outcome.Status.FAILED, Outcome.Status.SKIPPED);
        // its own error, not what a first statement that committed left behind (MySQL's "Duplicate column")
        assertThat(shared.get(Check.DATA_SURVIVES).get(1).details().get(0)).as(vendor)
                .contains("V2__Add_typo.sql", "line: " + (engine == Engine.POSTGRES ? 1 : 2))
                .doesNotContainIgnoringCase("duplicate column");
        assertThat(shared.get(Check.SCHEMA_MATCHES_SNAPSHOT)).extracting(CheckResult::status)
                .containsExactly(Outcome.Status.FAILED);
    }

    @Test
    void a_step_that_fails_only_on_rows_applies_from_empty_and_fails_data_survives() {
        Map<Check, List<CheckResult>> shared = shared(Engine.POSTGRES, "checks/shared/rows-only");

        assertThat(shared.get(Check.APPLIES_FROM_EMPTY)).allSatisfy(r -> assertThat(r.passed()).as(r.fullMessage()).isTrue());
        assertThat(shared.get(Check.APPLIES_FROM_EMPTY)).hasSize(3);
        assertThat(shared.get(Check.DATA_SURVIVES)).extracting(CheckResult::status)
                .containsExactly(Outcome.Status.PASSED, Outcome.Status.FAILED, Outcome.Status.SKIPPED);
        assertThat(shared.get(Check.DATA_SURVIVES).get(1).message())
                .startsWith("V2 (V2__Require_part_code.sql) fails on a database holding rows");
        assertThat(shared.get(Check.SCHEMA_MATCHES_SNAPSHOT).get(0).passed()).isTrue();
    }

    /**
     * The pass runs the versions between undo round trips in one Flyway run, rehearsing each from
     * Flyway's callbacks: its lock rehearsal must find, step by step, what the check finds alone
     * with a Flyway run per version (statuses, and the findings' words with their numbers left out).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POSTGRES | checks/locks/base/postgresql checks/locks/postgresql/plain_index",
        "POSTGRES | checks/locks/base/postgresql checks/locks/postgresql/concurrent_index",
        "POSTGRES | checks/locks/base/postgresql checks/locks/postgresql/whole_update",
        "POSTGRES | checks/locks/base/postgresql checks/locks/postgresql/copy_twice",
        "POSTGRES | checks/locks/base/postgresql checks/locks/broken/postgresql",
        "MYSQL    | checks/locks/base/mysql checks/locks/broken/mysql",
        "MARIADB  | checks/locks/base/mysql checks/locks/broken/mysql",
        "MYSQL    | checks/locks/base/mysql checks/locks/mysql/backfill_then_not_null",
        "MARIADB  | checks/locks/base/mysql checks/locks/mysql/backfill_then_not_null",
        "POSTGRES | checks/locks/deadlock/postgresql",
        "MARIADB  | checks/locks/base/mysql checks/locks/mysql/algorithm_copy",
        "MARIADB  | checks/locks/base/mysql checks/locks/mysql/lock_tables",
        "MYSQL    | checks/locks/base/mysql checks/locks/mysql/whole_update",
        "MYSQL    | checks/locks/fk/mysql",
    })
    void the_lock_rehearsal_in_one_pass_finds_what_it_finds_alone(Engine engine, String history) {
        String[] locations = history.split(" ");
        CheckOptions options = CheckOptions.builder().baselineFile(files.resolve("lock-baseline.json"))
                .snapshotDirectory(files.resolve("lock-" + engine)).outputDirectory(files.resolve("lock-out"))
                .failOnMissingFiles(false).lockBudgetMillis(200).build();
        List<CheckResult> alone;
        try (TestDatabase db = server(engine).createDatabase()) {
            alone = run(Checks.on(db, migrator(db, locations), options).lockRehearsal());
        }
        ChecksPass pass = ChecksPass.create();
        List<CheckResult> shared;
        try (TestDatabase db = server(engine).createDatabase()) {
            shared = run(Checks.on(db, migrator(db, locations), options).sharing(pass).lockRehearsal());
        }

        assertThat(shared).extracting(CheckResult::subject, CheckResult::status).containsExactlyElementsOf(alone.stream()
                .map(r -> org.assertj.core.groups.Tuple.tuple(r.subject(), r.status())).toList());
        for (int i = 0; i < alone.size(); i++) {
            if (alone.get(i).failed()) {
                assertThat(withoutNumbers(shared.get(i).message())).as(shared.get(i).fullMessage())
                        .isEqualTo(withoutNumbers(alone.get(i).message()));
            } else if (alone.get(i).passed() && alone.get(i).measurements().containsKey("writes")) {
                assertThat(shared.get(i).measurements().get("writes")).as(shared.get(i).fullMessage()).isPositive();
            }
        }
    }

    /** What a finding says, without its numbers and without what races decide (which write, which error). */
    private static String withoutNumbers(String message) {
        String text = message.replaceAll("\\d+(\\.\\d+)?", "N");
        for (String racy : List.of(": ", " a concurrent ")) {
            int at = text.indexOf(racy);
            if (at > 0) {
                text = text.substring(0, at);
            }
        }
        return text;
    }

    private CheckOptions options(String name) {
        Path dir = files.resolve(name);
        return CheckOptions.builder().baselineFile(dir.resolve("baseline.json")).snapshotDirectory(dir)
                .outputDirectory(dir.resolve("out")).failOnMissingFiles(false).build();
    }

    /** Each check on a database of its own, as before the shared pass. */
    private Map<Check, List<CheckResult>> alone(Engine engine, String... locations) {
        Map<Check, List<CheckResult>> results = new EnumMap<>(Check.class);
        CheckOptions options = options(engine + "-" + locations[0].replace('/', '-'));
        for (Map.Entry<Check, Function<Checks, List<CheckStep>>> check : SHARED.entrySet()) {
            try (TestDatabase db = server(engine).createDatabase()) {
                results.put(check.getKey(), run(check.getValue().apply(Checks.on(db, migrator(db, locations), options))));
            }
        }
        return results;
    }

    /** Every check on a database of its own, as MigrationChecks runs them, sharing one pass. */
    private Map<Check, List<CheckResult>> shared(Engine engine, String... locations) {
        Map<Check, List<CheckResult>> results = new EnumMap<>(Check.class);
        CheckOptions options = options(engine + "-" + locations[0].replace('/', '-'));
        ChecksPass pass = ChecksPass.create();
        for (Map.Entry<Check, Function<Checks, List<CheckStep>>> check : SHARED.entrySet()) {
            try (TestDatabase db = server(engine).createDatabase()) {
                Checks checks = Checks.on(db, migrator(db, locations), options).sharing(pass);
                results.put(check.getKey(), run(check.getValue().apply(checks)));
            }
        }
        return results;
    }

    private static DatabaseServer server(Engine engine) {
        return engine == Engine.MYSQL ? TestServers.mysqlServer() : TestServers.of(engine);
    }

    private static Migrator migrator(TestDatabase db, String... locations) {
        String[] classpath = new String[locations.length];
        for (int i = 0; i < locations.length; i++) {
            classpath[i] = "classpath:" + locations[i];
        }
        return Migrator.configure(db).locations(classpath).load();
    }

    private static List<CheckResult> run(List<CheckStep> steps) {
        List<CheckResult> results = new ArrayList<>();
        for (CheckStep step : steps) {
            results.add(step.run());
        }
        return results;
    }
}
