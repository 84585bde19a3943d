package io.migratest.check.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Renames are read from a migration's SQL, in statement order. */
class RenamesTest {

    @Test
    void table_renames_in_every_spelling_are_found_and_chained() {
        Renames renames = Renames.in("""
                -- ALTER TABLE ignored RENAME TO nothing;
                ALTER TABLE orders RENAME TO purchases;
                ALTER TABLE IF EXISTS ONLY public."purchases" RENAME TO "Sales";
                RENAME TABLE `items` TO `lines`, stock TO inventory;
                /* RENAME TABLE a TO b; */
                ALTER TABLE notes ADD COLUMN x INT, RENAME AS memos;
                """);

        assertThat(renames.tableAfter("orders")).contains("sales");
        assertThat(renames.tableAfter("purchases")).isEmpty();
        assertThat(renames.tableBefore("Sales")).contains("orders");
        assertThat(renames.tableAfter("items")).contains("lines");
        assertThat(renames.tableAfter("stock")).contains("inventory");
        assertThat(renames.tableAfter("notes")).contains("memos");
        assertThat(renames.tableAfter("ignored")).isEmpty();
        assertThat(renames.tableAfter("a")).isEmpty();
    }

    @Test
    void a_function_body_is_not_read_as_renames_and_hash_comments_are_skipped() {
        Renames renames = Renames.in("""
                CREATE FUNCTION archive() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                    UPDATE counters SET n = n + 1;
                    ALTER TABLE orders RENAME TO old_orders;
                    RETURN NEW;
                END;
                $body$;
                CREATE FUNCTION noop() RETURNS void LANGUAGE sql AS $$ ALTER TABLE items RENAME TO lines $$;
                # RENAME TABLE stock TO inventory;
                ALTER TABLE notes
                # keeps the rows
                RENAME TO memos;
                """);

        assertThat(renames.tableAfter("orders")).isEmpty();
        assertThat(renames.tableAfter("items")).isEmpty();
        assertThat(renames.tableAfter("stock")).isEmpty();
        assertThat(renames.tableAfter("notes")).contains("memos");
    }

    @Test
    void column_renames_follow_their_table_and_change_keeps_the_type_clause_out() {
        Renames renames = Renames.in("""
                ALTER TABLE customers RENAME COLUMN id TO customer_no;
                ALTER TABLE customers RENAME TO clients;
                ALTER TABLE clients RENAME customer_no TO client_no;
                ALTER TABLE orders CHANGE `total` `amount` DECIMAL(10, 2) NOT NULL, CHANGE COLUMN note note TEXT;
                ALTER TABLE orders RENAME CONSTRAINT a TO b;
                ALTER TABLE orders RENAME INDEX i TO j;
                """);

        assertThat(renames.columnsOf("customers")).isEqualTo(Map.of("id", "client_no"));
        assertThat(renames.columnAfter("customers", "ID")).isEqualTo("client_no");
        assertThat(renames.columnsOf("orders")).isEqualTo(Map.of("total", "amount"));
        assertThat(renames.tableAfter("orders")).isEmpty();
    }

    @Test
    void a_dropped_table_whose_name_a_rename_takes_is_no_rename() {
        Renames renames = Renames.in("""
                CREATE TABLE orders_new (id INT PRIMARY KEY);
                INSERT INTO orders_new SELECT id FROM orders WHERE id > 3;
                DROP TABLE orders;
                ALTER TABLE orders_new RENAME TO orders;
                ALTER TABLE lines RENAME TO old_lines;
                DROP TABLE IF EXISTS old_lines CASCADE;
                """);

        assertThat(renames.tableAfter("orders")).isEmpty();
        assertThat(renames.tableBefore("orders")).contains("orders_new");
        assertThat(renames.tableAfter("lines")).isEmpty();
    }
}
