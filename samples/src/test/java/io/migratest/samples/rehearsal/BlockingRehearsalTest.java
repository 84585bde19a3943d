package io.migratest.samples.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.Checks;
import io.migratest.check.VolumeOptions;
import io.migratest.db.Engine;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import io.migratest.junit.MigrationTest;
import io.migratest.migrate.Migrator;
import io.migratest.report.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The blocking variant ({@code db/rehearsal/blocking}: a plain {@code CREATE INDEX} on PostgreSQL,
 * {@code ALGORITHM=COPY} on MySQL and MariaDB) caught the way a pull request would see it. The
 * test passes by asserting the findings: the lock rehearsal fails V2 on the lock it holds, the
 * volume rehearsal projects it to 50,000,000 rows, over the README's budget of 200 ms, and the
 * report of the two (written to {@code target/migratest/blocking-rehearsal/<engine>/}, apart from
 * the run's own report, which must stay green) has the annotation on the migration's file and line.
 * A failure is never kept, so both rehearsals run on every run; outside CI the volume rehearsal's
 * timings are kept, and a later run with the same migrations on the same server judges them again
 * (its messages then end "[timings measured …, reused]") instead of measuring them again.
 */
@MigrationTest(engines = {Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB},
        locations = "classpath:db/rehearsal/blocking/{vendor}")
class BlockingRehearsalTest {

    /**
     * Sizes that keep the rehearsal to seconds per engine: at 5,000 rows the index takes a few
     * milliseconds, at 200,000 enough (tens to hundreds) to stand clear of a busy machine's
     * noise; each size runs three times and the fastest counts.
     */
    private static final VolumeOptions VOLUME = VolumeOptions.builder(Settings.of())
            .sizes(5_000, 50_000, 200_000).repeats(3).productionRows("orders", 50_000_000).build();

    @Test
    void the_blocking_index_fails_the_lock_rehearsal_with_an_annotation_on_its_line(TestDatabase database, Migrator migrator)
            throws IOException {
        Engine engine = database.engine();
        Path reportDir = reportDir(engine, "locks");
        Report report = report(engine);
        CheckOptions options = CheckOptions.builder().lockBudgetMillis(200).outputDirectory(reportDir).build();

        CheckResult lock = run(Checks.on(database, migrator, options, report).lockRehearsal()).get(1);

        assertThat(lock.failed()).as(lock.fullMessage()).isTrue();
        if (engine == Engine.POSTGRES) {
            assertThat(lock.message()).startsWith("V2 line 2 `CREATE INDEX orders_customer ON orders (customer)` held"
                    + " ShareLock on orders for ").contains("blocks INSERT, UPDATE, DELETE", "=> ", "CREATE INDEX CONCURRENTLY");
        } else {
            assertThat(lock.message()).startsWith("V2 line 2 `ALTER TABLE orders ADD INDEX orders_customer (customer),"
                    + " ALGORITHM=COPY` held metadata lock SHARED_NO_WRITE (ALGORITHM=COPY) on orders for ")
                    .contains("copies every row", "=> ");
        }
        String file = migrationFile(engine);
        assertThat(lock.details()).contains("location: " + file + ":2");

        report.write(reportDir);
        assertThat(Files.readString(reportDir.resolve("report.md"), StandardCharsets.UTF_8))
                .contains(engine == Engine.POSTGRES ? "ShareLock on orders" : "(ALGORITHM=COPY) on orders");
        assertThat(Files.readAllLines(reportDir.resolve("annotations.txt"), StandardCharsets.UTF_8))
                .anySatisfy(line -> assertThat(line).startsWith("::error file=" + file + ",line=2,"));
        assertThat(Files.readString(reportDir.resolve("migratest.sarif"), StandardCharsets.UTF_8))
                .contains("\"uri\" : \"" + file + "\"", "\"startLine\" : 2");
    }

    @Test
    void the_volume_rehearsal_projects_the_blocking_index_over_the_budget(TestDatabase database, Migrator migrator) {
        Engine engine = database.engine();
        Path reportDir = reportDir(engine, "volume");
        Report report = report(engine);
        CheckOptions options = CheckOptions.builder().lockBudgetMillis(200).outputDirectory(reportDir).build();

        List<CheckResult> volume = run(Checks.on(database, migrator, options, report).volumeRehearsal(VOLUME));

        CheckResult index = volume.get(volume.size() - 1);
        assertThat(index.subject()).isEqualTo("V2 Index customer");
        assertThat(index.failed()).as(index.fullMessage()).isTrue();
        assertThat(index.message()).contains("V2 (V2__Index_customer.sql) on orders is projected",
                " at 50,000,000 rows of orders", "ms at 5,000, ", "ms at 200,000 rows", "over the lock budget of 200 ms");
        assertThat(index.message()).containsAnyOf("linear fit", "n log n fit");
        assertThat(index.details()).anySatisfy(d -> assertThat(d).startsWith("measured: 5,000 rows "));
        assertThat(index.details()).anySatisfy(d -> assertThat(d).startsWith("fit: "));
        assertThat(index.measurements().get("projectedMillis")).isGreaterThan(200L);
        report.write(reportDir); // the measured points, the fit and the projection, to read
    }

    private static Path reportDir(Engine engine, String check) {
        return Path.of("target/migratest/blocking-rehearsal", engine.name().toLowerCase(Locale.ROOT) + "-" + check);
    }

    private Report report(Engine engine) {
        return Report.create().in(new Report.Scope(getClass().getName(), engine.name()));
    }

    /** The script as a pull request names it: from the repository's root; MariaDB reads the mysql scripts. */
    private static String migrationFile(Engine engine) {
        return "samples/src/main/resources/db/rehearsal/blocking/" + (engine == Engine.POSTGRES ? "postgresql" : "mysql")
                + "/V2__Index_customer.sql";
    }

    private static List<CheckResult> run(List<CheckStep> steps) {
        return steps.stream().map(CheckStep::run).toList();
    }
}
