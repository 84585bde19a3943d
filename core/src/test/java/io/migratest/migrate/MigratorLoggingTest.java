package io.migratest.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.internal.FlywayLogs;
import io.migratest.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failing migration is reported once, by Migratest's exception: Flyway's own ERROR lines about
 * it stay out of the output (slf4j-simple writes to System.err, captured here), its INFO/WARN
 * lines and errors outside a failure keep their levels.
 */
class MigratorLoggingTest {


    static List<Arguments> servers() {
        return List.of(Arguments.of(Engine.POSTGRES), Arguments.of(Engine.MARIADB), Arguments.of(Engine.MYSQL));
    }

    /** MYSQL is the real MySQL server on 127.0.0.1:3307 (root, no password) through the server provider. */
    private static synchronized DatabaseServer server(Engine engine) {
        if (engine != Engine.MYSQL) {
            return TestServers.of(engine);
        }
        return TestServers.mysqlServer();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void a_failing_sql_migration_is_reported_by_the_exception_alone(Engine engine) {
        try (TestDatabase database = server(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(database).locations("classpath:migrations/failingsql").load();

            Captured<MigrationFailedException> run = captureErr(() ->
                    catchThrowableOfType(MigrationFailedException.class, migrator::migrate));

            assertThat(run.result()).isNotNull();
            assertThat(run.result().getMessage())
                    .startsWith("Migration V2__Broken_step.sql (version 2) failed on " + engine + " database "
                            + database.name() + "\n  line: 3\n  statement: INSERT INTO no_such_table (id)\n"
                            + "                 VALUES (1)\n  database error: ")
                    .containsIgnoringCase("no_such_table")
                    .contains("\n  (Flyway: Failed to execute script V2__Broken_step.sql)\n  (Flyway: Migration of schema ")
                    .endsWith(engine == Engine.POSTGRES ? "failed! Changes successfully rolled back.)"
                            : "failed! Please restore backups and roll back database and code!)");
            assertThat(run.output()).as("what the run wrote to System.err")
                    .doesNotContain("ERROR")
                    .doesNotContain("failed!");
        }
    }

    @Test
    void flyway_warnings_and_errors_outside_a_failure_keep_their_level() {
        org.flywaydb.core.api.logging.Log log = new FlywayLogs().createLogger(MigratorLoggingTest.class);

        Captured<Integer> run = captureErr(() -> FlywayLogs.holdingErrors(held -> {
            log.warn("a warning from Flyway");
            log.error("an error Flyway logged without failing");
            return 1;
        }));

        assertThat(run.result()).isEqualTo(1);
        assertThat(run.output()).contains("WARN io.migratest.migrate.MigratorLoggingTest - a warning from Flyway")
                .contains("ERROR io.migratest.migrate.MigratorLoggingTest - an error Flyway logged without failing");
    }

    @Test
    void flyway_errors_outside_a_migratest_call_are_written_at_once() {
        org.flywaydb.core.api.logging.Log log = new FlywayLogs().createLogger(MigratorLoggingTest.class);

        Captured<Integer> run = captureErr(() -> {
            log.error("an error outside any migration");
            return 0;
        });

        assertThat(run.output()).contains("ERROR io.migratest.migrate.MigratorLoggingTest - an error outside any migration");
    }

    private record Captured<T>(T result, String output) {
    }

    private static <T> Captured<T> captureErr(Supplier<T> work) {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            T result = work.get();
            return new Captured<>(result, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
