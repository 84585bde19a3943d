package io.migratest.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import io.migratest.testing.TestCheckOptions;
import io.migratest.testing.TestServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The data-loss check seeds generated rows into every column type of MySQL and MariaDB: real
 * MySQL's native JSON, reserved words as column names, generated columns and expression defaults.
 */
class GeneratedRowsTest {

    @TempDir
    Path files;

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "MYSQL"})
    void generated_rows_fit_every_column_type_and_survive_an_added_column(Engine engine) {
        try (TestDatabase db = (engine == Engine.MYSQL ? TestServers.mysqlServer() : TestServers.of(engine)).createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations("classpath:checks/dataloss/types").load();
            CheckOptions options = TestCheckOptions.in(files)
                    .build();
            List<CheckStep> steps = Checks.on(db, migrator, options).dataSurvives();
            List<CheckResult> results = steps.stream().map(CheckStep::run).toList();

            assertThat(results).hasSize(2);
            CheckResult added = results.get(1);
            assertThat(added.passed()).as(added.fullMessage()).isTrue();
            assertThat(added.message()).matches("[1-9][0-9]* rows in 1 tables before, none lost");
            assertThat(added.details()).as(added.fullMessage()).isEmpty();
        }
    }
}
