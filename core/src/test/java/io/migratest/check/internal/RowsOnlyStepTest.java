package io.migratest.check.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.check.internal.MigrationFiles.MigrationFile;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shared pass keeps the tables it read before a step only after a step that writes rows and nothing else. */
class RowsOnlyStepTest {

    private static Optional<MigrationFile> sql(String content) {
        return Optional.of(new MigrationFile('V', "3", "Step", "V3__Step.sql", "db/migration", false, content));
    }

    @Test
    void steps_of_inserts_updates_and_deletes_only_are_row_steps() {
        assertThat(SharedPass.rowsOnly(sql("""
                -- tidy up; ALTER TABLE in a comment is no statement
                UPDATE orders SET status = 'open' WHERE status = 'new';
                insert into categories (id, name) values (-1, 'ALTER TABLE x; DROP y');
                /* CREATE INDEX */ DELETE FROM tags WHERE name = '';
                """))).isTrue();
    }

    @Test
    void anything_else_is_read_again() {
        assertThat(SharedPass.rowsOnly(sql("UPDATE t SET a = 1;\nALTER TABLE t ADD COLUMN b INT;"))).isFalse();
        assertThat(SharedPass.rowsOnly(sql("CALL tidy();"))).isFalse();
        assertThat(SharedPass.rowsOnly(sql("WITH d AS (DELETE FROM t RETURNING *) SELECT 1;"))).isFalse();
        assertThat(SharedPass.rowsOnly(sql("INSERT INTO t VALUES (1);\n${more};"))).isFalse();
        assertThat(SharedPass.rowsOnly(sql("UPDATE t SET a = '${value}';"))).isFalse();
        assertThat(SharedPass.rowsOnly(sql("DELIMITER $$\nINSERT INTO t VALUES (1)$$"))).isFalse();
        assertThat(SharedPass.rowsOnly(sql("-- nothing\n"))).isFalse();
        assertThat(SharedPass.rowsOnly(sql(null))).isFalse();
        assertThat(SharedPass.rowsOnly(Optional.empty())).isFalse();
        assertThat(SharedPass.rowsOnly(Optional.of(new MigrationFile('V', "3", "Step", "V3__Step.java", "db/migration",
                true, null)))).isFalse();
    }
}
