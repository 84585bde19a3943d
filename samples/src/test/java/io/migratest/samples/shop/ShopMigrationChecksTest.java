package io.migratest.samples.shop;

import io.migratest.check.CheckOptions;
import io.migratest.db.Engine;
import io.migratest.junit.MigrationChecks;
import io.migratest.junit.MigrationTest;
import java.nio.file.Path;

/**
 * Every built-in check on the e-shop's history ({@code src/main/resources/db/shop}: shared
 * scripts in {@code common}, engine-specific ones in {@code postgresql} and {@code mysql}, which
 * MariaDB reads too), on each engine. Its files are per engine, in a folder of their own because
 * this module holds more than one history: {@code src/test/resources/migratest/shop/baseline-<engine>.json}
 * (the migrations as applied, with their checksums) and {@code schema-<engine>.txt} (the schema at
 * the end). After a new migration, run once with {@code -Dmigratest.updateBaseline=true} and
 * {@code -Dmigratest.updateSnapshots=true} and commit both.
 */
@MigrationTest(engines = {Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB},
        locations = {"classpath:db/shop/common", "classpath:db/shop/{vendor}"})
class ShopMigrationChecksTest implements MigrationChecks {

    static final Path FILES = Path.of("src/test/resources/migratest/shop");

    @Override
    public CheckOptions checkOptions() {
        return CheckOptions.builder()
                .baselineFile(FILES.resolve("baseline.json"))
                .snapshotDirectory(FILES)
                .build();
    }
}
