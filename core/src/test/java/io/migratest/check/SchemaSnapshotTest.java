package io.migratest.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
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
 * The schema snapshot shows what migrations change beyond tables and columns (charsets, collations,
 * index methods, routines, triggers, views, sequences, storage engines), so drift in any of them
 * fails the snapshot check with a diff that names the object.
 */
class SchemaSnapshotTest {

    private static final String OBJECTS = "classpath:checks/schema/objects/{vendor}";
    private static final String DRIFT = "classpath:checks/schema/drift/{vendor}/";

    @TempDir
    Path files;

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void the_text_shows_routines_triggers_views_and_index_details(Engine engine) {
        try (TestDatabase db = server(engine).createDatabase()) {
            Migrator.configure(db).locations(OBJECTS).load().migrate();

            Schema schema = Schema.read(db);
            String text = schema.toText();

            assertThat(schema.table("customers").orElseThrow().checks()).singleElement()
                    .satisfies(check -> {
                        assertThat(check.name()).isEqualTo("credit_not_negative");
                        assertThat(check.expression()).contains("credit").contains(">=");
                    });
            assertThat(text).doesNotContain("flyway_schema_history");
            assertThat(text).contains("\nview paid_orders", "\ntrigger customers_lower_email on customers",
                    "\nfunction order_total(", "\nprocedure close_orders(");
            assertThat(schema.objects("trigger")).singleElement().satisfies(t -> assertThat(String.join("\n", t.body())
                    + t.summary()).containsIgnoringCase("before insert").contains("lower"));
            if (engine == Engine.POSTGRES) {
                assertThat(text).contains("extension pg_trgm version ", "type order_state enum ('new', 'paid', 'shipped')",
                        "type positive_amount domain numeric(10,2) not null constraint amount_positive CHECK (VALUE > 0::numeric)",
                        "column email text collate C not null", "column fee positive_amount null",
                        "column gross numeric(10,2) null generated always as ((net * 1.2)) stored",
                        "index customers_name_hash USING hash (name)",
                        "unique index customers_email_lower USING btree (lower(email))",
                        "index customers_rich USING btree (credit) WHERE (credit > (1000)::numeric)",
                        "ON DELETE CASCADE", "sequence invoice_numbers as bigint start 1000 increment 10",
                        "NEW.email := lower(NEW.email);", "LANGUAGE sql", "STABLE",
                        "BEFORE INSERT OR UPDATE OF email ON customers FOR EACH ROW EXECUTE FUNCTION lower_email()");
                assertThat(text).doesNotContain("plpgsql version", "orders_id_seq");
            } else {
                assertThat(text).contains("  engine InnoDB\n", "  engine MyISAM\n",
                        "  charset utf8mb4 collate utf8mb4_bin\n", "  charset latin1 collate latin1_",
                        "column email varchar(200) charset latin1 collate latin1_bin not null",
                        "index customers_name_desc using btree (name desc)",
                        "on update restrict on delete cascade",
                        "trigger customers_lower_email on customers before insert for each row",
                        "UPDATE orders SET state = 'shipped' WHERE id < before_id;",
                        "procedure close_orders(in before_id bigint", "reads sql data");
                assertThat(text).doesNotContainPattern("migratest_[a-z0-9]+_[0-9]+`\\.");
            }
            if (engine == Engine.MYSQL) {
                assertThat(text).contains("unique index customers_email_lower using btree ((lower(`email`)))",
                        "generated always as ((`net` * 1.2)) stored");
            }
            if (engine == Engine.MARIADB) {
                assertThat(text).contains("unique customers_email (email)", "generated always as (`net` * 1.2) stored",
                        "sequence invoice_numbers start with 1000");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void the_text_is_the_same_for_two_databases_of_one_history(Engine engine) {
        assertThat(snapshotOf(engine, OBJECTS)).isEqualTo(snapshotOf(engine, OBJECTS));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_column_charset_change_is_drift_naming_the_table(Engine engine) {
        assertThat(check(engine, DRIFT + "base").passed()).isTrue();

        CheckResult drifted = check(engine, DRIFT + "base," + DRIFT + "charset");

        assertThat(drifted.failed()).isTrue();
        assertThat(drifted.message()).contains("differs from the snapshot", "in 1 object(s): table customers");
        if (engine == Engine.POSTGRES) {
            assertThat(drifted.details()).contains("-  column email text not null", "+  column email text collate C not null");
        } else {
            assertThat(drifted.details()).anyMatch(l -> l.startsWith("+  column name varchar(100) charset latin1 collate latin1_"))
                    .anyMatch(l -> l.startsWith("@@ ") && l.endsWith(" table customers"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "MYSQL"})
    void converting_a_table_to_another_charset_is_drift_of_the_table_and_its_columns(Engine engine) {
        assertThat(check(engine, DRIFT + "base").passed()).isTrue();

        CheckResult drifted = check(engine, DRIFT + "base," + DRIFT + "convert");

        assertThat(drifted.failed()).isTrue();
        assertThat(drifted.message()).contains("table customers");
        assertThat(drifted.details()).anyMatch(l -> l.startsWith("-  charset utf8mb4 collate utf8mb4_"))
                .anyMatch(l -> l.startsWith("+  charset latin1 collate latin1_"));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void a_trigger_body_change_is_drift_naming_the_trigger(Engine engine) {
        assertThat(check(engine, DRIFT + "base").passed()).isTrue();

        CheckResult drifted = check(engine, DRIFT + "base," + DRIFT + "trigger");

        assertThat(drifted.failed()).isTrue();
        if (engine == Engine.POSTGRES) {
            // The body of a PostgreSQL trigger is its function; the event changed as well.
            assertThat(drifted.message()).contains("function lower_email()", "trigger customers_lower_email on customers");
            assertThat(drifted.details()).contains("+  |     NEW.email := lower(trim(NEW.email));")
                    .anyMatch(l -> l.startsWith("+  | BEFORE INSERT OR UPDATE ON customers"));
        } else {
            assertThat(drifted.message()).contains("in 1 object(s): trigger customers_lower_email on customers");
            assertThat(drifted.details()).contains("-  | SET NEW.email = lower(NEW.email)",
                    "+  | SET NEW.email = lower(trim(NEW.email))");
        }
    }

    private CheckResult check(Engine engine, String locations) {
        try (TestDatabase db = server(engine).createDatabase()) {
            Migrator migrator = Migrator.configure(db).locations(locations.split(",")).load();
            List<CheckStep> steps = Checks.on(db, migrator, options()).schemaMatchesSnapshot();
            return steps.get(0).run();
        }
    }

    private String snapshotOf(Engine engine, String locations) {
        try (TestDatabase db = server(engine).createDatabase()) {
            Migrator.configure(db).locations(locations).load().migrate();
            return Schema.read(db).toText();
        }
    }

    private CheckOptions options() {
        return TestCheckOptions.in(files)
                .build();
    }

    private static DatabaseServer server(Engine engine) {
        return engine == Engine.MYSQL ? TestServers.mysqlServer() : TestServers.of(engine);
    }
}
