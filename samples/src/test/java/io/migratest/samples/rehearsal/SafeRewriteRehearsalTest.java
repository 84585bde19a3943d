package io.migratest.samples.rehearsal;

import io.migratest.check.CheckOptions;
import io.migratest.db.Engine;
import io.migratest.junit.LockBudget;
import io.migratest.junit.MigrationChecks;
import io.migratest.junit.MigrationTest;
import java.nio.file.Path;

/**
 * The safe rewrite of {@link BlockingRehearsalTest}'s index ({@code db/rehearsal/safe}: {@code CREATE
 * INDEX CONCURRENTLY} on PostgreSQL, {@code ALGORITHM=INPLACE, LOCK=NONE} on MySQL and MariaDB)
 * passes every built-in check under the README's budget, the lock rehearsal included: writers run
 * throughout and no statement holds a lock that blocks them.
 *
 * <p>It does not implement {@code VolumeRehearsal}: that check compares the budget with the
 * projected time of the whole migration, whatever lock it takes, and building an index on
 * 50,000,000 rows takes minutes even concurrently, so the projection would (rightly, by its
 * rule) fail this step too. What matters for this step is that writes go on while it runs,
 * which is the lock rehearsal's verdict; the projection is shown on the blocking variant, where
 * the minutes are minutes of blocked writes.
 */
@MigrationTest(engines = {Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB},
        locations = "classpath:db/rehearsal/safe/{vendor}")
@LockBudget(millis = 200)
class SafeRewriteRehearsalTest implements MigrationChecks {

    static final Path FILES = Path.of("src/test/resources/migratest/rehearsal");

    @Override
    public CheckOptions checkOptions() {
        return CheckOptions.builder()
                .baselineFile(FILES.resolve("baseline.json"))
                .snapshotDirectory(FILES)
                .build();
    }
}
