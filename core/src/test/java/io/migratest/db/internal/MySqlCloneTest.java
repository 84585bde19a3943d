package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.db.CloneUnsupportedException;
import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A MySQL/MariaDB copy carries everything a migrated schema holds: keys, generated columns,
 * AUTO_INCREMENT counters, views (pointing at the copy), triggers, procedures, functions and
 * Flyway's history. MARIADB runs on the machine's service; MYSQL (Connector/J) on a container.
 */
class MySqlCloneTest {

    private static final String SCHEMA = """
            CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50),
                description VARCHAR(200) NOT NULL, success BOOLEAN NOT NULL);
            INSERT INTO flyway_schema_history VALUES (1, '1', 'Create', TRUE), (2, '2', 'Seed', TRUE);
            CREATE TABLE owners (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL,
                name_upper VARCHAR(40) AS (UPPER(name)) STORED, name_len INT AS (CHAR_LENGTH(name)) VIRTUAL,
                UNIQUE KEY uq_owner_name (name)) DEFAULT CHARSET = latin1;
            CREATE TABLE accounts (id INT AUTO_INCREMENT PRIMARY KEY, owner_id INT NOT NULL,
                balance DECIMAL(10, 2) NOT NULL DEFAULT 0, audit VARCHAR(20),
                CONSTRAINT fk_accounts_owner FOREIGN KEY (owner_id) REFERENCES owners (id)) AUTO_INCREMENT = 100;
            INSERT INTO owners (id, name) VALUES (1, 'ada'), (2, 'émile'), (7, 'grace');
            INSERT INTO accounts (owner_id, balance) VALUES (1, 10.50), (2, 20), (7, 0);
            CREATE VIEW rich AS SELECT o.name, a.balance FROM owners o JOIN accounts a ON a.owner_id = o.id
                WHERE a.balance > 5;
            CREATE VIEW rich_names AS SELECT name FROM rich;
            CREATE TRIGGER accounts_audit BEFORE INSERT ON accounts FOR EACH ROW SET NEW.audit = 'trigger';
            CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
            CREATE PROCEDURE add_owner(IN n VARCHAR(40)) INSERT INTO owners (name) VALUES (n);
            """;

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "MYSQL"})
    void a_copy_holds_rows_keys_views_triggers_routines_and_history(Engine engine) {
        DatabaseServer server = TestServers.of(engine);
        try (TestDatabase template = server.createDatabase()) {
            template.jdbi().useHandle(h -> script(h, SCHEMA));
            try (TestDatabase copy = server.cloneDatabase(template)) {
                Jdbi jdbi = copy.jdbi();
                assertThat(strings(jdbi, "SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                        .containsExactly("1", "2");
                assertThat(strings(jdbi, "SELECT CONCAT(id, ':', name, ':', name_upper, ':', name_len) FROM owners ORDER BY id"))
                        .containsExactly("1:ada:ADA:3", "2:émile:ÉMILE:5", "7:grace:GRACE:5");
                assertThat(strings(jdbi, "SELECT CONCAT(owner_id, ':', balance) FROM accounts ORDER BY id"))
                        .containsExactly("1:10.50", "2:20.00", "7:0.00");
                assertThat(strings(jdbi, "SELECT name FROM rich_names")).containsExactlyInAnyOrder("ada", "émile");

                jdbi.useHandle(h -> h.execute("INSERT INTO accounts (owner_id, balance) VALUES (7, 99)"));
                assertThat(strings(jdbi, "SELECT CONCAT(id, ':', audit) FROM accounts WHERE balance = 99"))
                        .as("AUTO_INCREMENT continues and the trigger fires").containsExactly("103:trigger");
                assertThat(strings(jdbi, "SELECT name FROM rich_names ORDER BY name"))
                        .as("the view reads the copy's tables").containsExactlyInAnyOrder("ada", "grace", "émile");
                assertThat(strings(template.jdbi(), "SELECT name FROM rich_names ORDER BY name"))
                        .as("the template's view").containsExactlyInAnyOrder("ada", "émile");

                assertThat(strings(jdbi, "SELECT twice(21)")).containsExactly("42");
                jdbi.useHandle(h -> h.execute("CALL add_owner('linus')"));
                assertThat(strings(jdbi, "SELECT id FROM owners WHERE name = 'linus'")).containsExactly("8");
                assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("INSERT INTO accounts (owner_id) VALUES (42)")))
                        .as("the foreign key is enforced in the copy")
                        .isInstanceOf(UnableToExecuteStatementException.class)
                        .hasMessageContaining("foreign key constraint");
                assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("INSERT INTO owners (name) VALUES ('ada')")))
                        .as("the unique key is kept").isInstanceOf(UnableToExecuteStatementException.class);

                assertThat(strings(jdbi, "SELECT CONCAT(table_collation) FROM information_schema.tables"
                        + " WHERE table_schema = DATABASE() AND table_name = 'owners'")).singleElement()
                        .asString().startsWith("latin1");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "MYSQL"})
    void what_cannot_be_copied_is_named_and_nothing_is_left_behind(Engine engine) {
        DatabaseServer server = TestServers.of(engine);
        ManagedServer managed = (ManagedServer) server;
        try (TestDatabase template = server.createDatabase()) {
            template.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE t (id INT PRIMARY KEY)");
                h.execute("CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM t");
            });
            List<String> before = managed.createdDatabases();
            assertThatThrownBy(() -> server.cloneDatabase(template))
                    .isInstanceOf(CloneUnsupportedException.class)
                    .hasMessageContaining(template.name())
                    .hasMessageContaining("event nightly")
                    .hasMessageContaining("migratest.isolation=migrate");
            assertThat(managed.createdDatabases()).containsExactlyInAnyOrderElementsOf(before);
        }
    }

    private static void script(Handle handle, String sql) {
        for (String statement : sql.split(";\\s*\\n")) {
            if (!statement.isBlank()) {
                handle.execute(statement);
            }
        }
    }

    private static List<String> strings(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }
}
