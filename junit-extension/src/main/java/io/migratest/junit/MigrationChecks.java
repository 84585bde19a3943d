package io.migratest.junit;

import io.migratest.check.CheckOptions;
import io.migratest.check.Checks;
import io.migratest.check.ChecksPass;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.report.Report;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The built-in migration checks as JUnit tests: implement it in a {@link MigrationTest} class and
 * every engine of the class runs each check, with one dynamic test per migration version where
 * it fits.
 *
 * <pre>{@code
 * @MigrationTest(engines = {Engine.POSTGRES, Engine.MYSQL})
 * @AllowDataLoss(version = "7", table = "audit_log")
 * @LockBudget(millis = 200)
 * class MigrationsAreHealthyTest implements MigrationChecks { }
 * }</pre>
 *
 * <ul>
 *   <li><b>applies from empty</b>: every migration applies in order on a new database;</li>
 *   <li><b>linear history</b>: unique versions, no gaps, no edited or deleted migration and no new
 *       version below the latest one of the committed baseline of the engine
 *       ({@code src/test/resources/migratest/baseline-<engine>.json}); a meant gap is declared
 *       with {@link AllowGaps};</li>
 *   <li><b>data survives</b>: generated rows seeded before each migration are all there after it,
 *       unless {@link AllowDataLoss} says otherwise;</li>
 *   <li><b>undo round trip</b>: where {@code U<version>__*.sql} exists, it restores the schema;</li>
 *   <li><b>schema matches snapshot</b>: the migrated schema equals the committed
 *       {@code src/test/resources/migratest/schema-<engine>.txt}; run with
 *       {@code -Dmigratest.updateSnapshots=true} to rewrite it;</li>
 *   <li><b>lock rehearsal</b>: how long concurrent writes waited for each migration, failed
 *       above {@link LockBudget}.</li>
 * </ul>
 *
 * <p>The checks share one pass over the versions per class and engine ({@link ChecksPass}):
 * whichever check's first test runs first makes the pass on its database, seeding, counting,
 * rehearsing the locks and undoing each version once for all of them; the others wait for it
 * and report their own results, with their own share of the time. The checks of a class share
 * one database per engine as well, created when one of them first connects (the pass, or
 * listing the migrations) and dropped after the class; a check whose verdict is reused
 * ({@code migratest.checks.reuse}) connects to none. Each check's steps still run in order, in
 * one thread ({@code SAME_THREAD}); different checks, classes and engines run in parallel.
 *
 * <p>Every step's result also goes to the run's report ({@code target/migratest/report.md}), which
 * the extension passes in as the {@link Report} parameter.
 *
 * <p>A missing snapshot or baseline is written on a developer's machine and fails on CI (where
 * the environment variable {@code CI} is set).
 *
 * <p>{@link SkipChecks} (or the setting {@code migratest.checks.skip}) switches checks off; each
 * then shows as one skipped test with the reason. Override {@link #checkOptions()} for anything else.
 */
@ExtendWith(CheckTests.SharedPass.class)
public interface MigrationChecks {

    /**
     * The options of the checks; {@link AllowDataLoss}, {@link LockBudget}, {@link AllowGaps} and
     * {@link SkipChecks} on the class are added to them. Default: {@link CheckOptions#defaults()}.
     */
    default CheckOptions checkOptions() {
        return CheckOptions.defaults();
    }

    /** Every migration applies, in order, on a new empty database. */
    @TestFactory
    @Execution(ExecutionMode.SAME_THREAD)
    @DisplayName("applies from empty")
    default Stream<DynamicTest> appliesFromEmpty(TestDatabase database, Migrator migrator, Report report, ChecksPass pass) {
        return CheckTests.of(checks(this, database, migrator, report).sharing(pass).appliesFromEmpty(), database);
    }

    /** Unique versions, no gaps, and no applied migration edited, deleted or overtaken. */
    @TestFactory
    @Execution(ExecutionMode.SAME_THREAD)
    @DisplayName("linear history")
    default Stream<DynamicTest> linearHistory(TestDatabase database, Migrator migrator, Report report) {
        return CheckTests.of(checks(this, database, migrator, report).linearHistory(), database);
    }

    /** Each migration keeps the rows it finds. */
    @TestFactory
    @Execution(ExecutionMode.SAME_THREAD)
    @DisplayName("data survives")
    default Stream<DynamicTest> dataSurvives(TestDatabase database, Migrator migrator, Report report, ChecksPass pass) {
        return CheckTests.of(checks(this, database, migrator, report).sharing(pass).dataSurvives(), database);
    }

    /** Each undo script restores the schema of the version before. */
    @TestFactory
    @Execution(ExecutionMode.SAME_THREAD)
    @DisplayName("undo round trip")
    default Stream<DynamicTest> undoRoundTrip(TestDatabase database, Migrator migrator, Report report, ChecksPass pass) {
        return CheckTests.of(checks(this, database, migrator, report).sharing(pass).undoRoundTrip(), database);
    }

    /** The migrated schema equals the committed snapshot. */
    @TestFactory
    @Execution(ExecutionMode.SAME_THREAD)
    @DisplayName("schema matches snapshot")
    default Stream<DynamicTest> schemaMatchesSnapshot(TestDatabase database, Migrator migrator, Report report, ChecksPass pass) {
        return CheckTests.of(checks(this, database, migrator, report).sharing(pass).schemaMatchesSnapshot(), database);
    }

    /** How long each migration blocks concurrent writes. */
    @TestFactory
    @Execution(ExecutionMode.SAME_THREAD)
    @DisplayName("lock rehearsal")
    default Stream<DynamicTest> lockRehearsal(TestDatabase database, Migrator migrator, Report report, ChecksPass pass) {
        return CheckTests.of(checks(this, database, migrator, report).sharing(pass).lockRehearsal(), database);
    }

    private static Checks checks(MigrationChecks test, TestDatabase database, Migrator migrator, Report report) {
        return Checks.on(database, migrator, CheckTests.options(test, database), report);
    }
}
