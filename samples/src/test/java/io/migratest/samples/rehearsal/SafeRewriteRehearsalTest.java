package io.migratest.samples.rehearsal;

import io.migratest.check.CheckOptions;
import io.migratest.check.VolumeOptions;
import io.migratest.db.Settings;
import io.migratest.db.Engine;
import io.migratest.junit.LockBudget;
import io.migratest.junit.MigrationChecks;
import io.migratest.junit.MigrationTest;
import io.migratest.junit.ProductionRows;
import io.migratest.junit.VolumeRehearsal;
import java.nio.file.Path;

/**
 * The safe rewrite of {@link BlockingRehearsalTest}'s index ({@code db/rehearsal/safe}: {@code CREATE
 * INDEX CONCURRENTLY} on PostgreSQL, {@code ALGORITHM=INPLACE, LOCK=NONE} on MySQL and MariaDB)
 * passes every built-in check under the README's budget, the lock rehearsal included: writers run
 * throughout and no statement holds a lock that blocks them.
 *
 * <p>It also implements {@link VolumeRehearsal}: building the index on 50,000,000 rows is
 * projected to take minutes, longer than the budget, but the statement watch sees it hold no lock
 * that blocks writes meanwhile, so the step passes and the report says why. On
 * {@link BlockingRehearsalTest}'s variant the same minutes are minutes of blocked writes, and fail.
 */
@MigrationTest(engines = {Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB},
        locations = "classpath:db/rehearsal/safe/{vendor}")
@LockBudget(millis = 200)
@ProductionRows(table = "orders", rows = 50_000_000)
class SafeRewriteRehearsalTest implements MigrationChecks, VolumeRehearsal {

    static final Path FILES = Path.of("src/test/resources/migratest/rehearsal");

    /** The blocking variant's sizes: a clear trend in seconds, not the default's million rows. */
    @Override
    public VolumeOptions volumeOptions() {
        return VolumeOptions.builder(Settings.of()).sizes(5_000, 50_000, 200_000).repeats(3).build();
    }

    @Override
    public CheckOptions checkOptions() {
        return CheckOptions.builder()
                .baselineFile(FILES.resolve("baseline.json"))
                .snapshotDirectory(FILES)
                .build();
    }
}
