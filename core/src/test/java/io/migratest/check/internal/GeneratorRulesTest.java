package io.migratest.check.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.check.Schema.Column;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure parts of the row generator: integer ranges, JSON paths of generation expressions, parent combinations. */
class GeneratorRulesTest {

    private static Column column(String type, String baseType) {
        return new Column("c", type, baseType, null, null, false, null, false, List.of());
    }

    @Test
    void integer_ranges_follow_the_type_width_and_sign() {
        assertThat(ColumnRules.integerRange(column("tinyint", "tinyint"))).containsExactly(-128, 127);
        assertThat(ColumnRules.integerRange(column("tinyint unsigned", "tinyint"))).containsExactly(0, 255);
        assertThat(ColumnRules.integerRange(column("smallint", "int2"))).containsExactly(-32768, 32767);
        assertThat(ColumnRules.integerRange(column("mediumint unsigned", "mediumint"))).containsExactly(0, 16_777_215);
        assertThat(ColumnRules.integerRange(column("integer", "int4"))).containsExactly(Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertThat(ColumnRules.integerRange(column("bigint", "int8"))).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Test
    void json_paths_are_read_from_each_engines_generation_expression() {
        assertThat(JsonPaths.paths(JsonPaths.unescaped("json_unquote(json_extract(`doc`,_utf8mb4\\'$.sku\\'))")))
                .containsExactly(List.of("sku"));
        assertThat(JsonPaths.paths("json_value(`doc`,'$.dims.width')")).containsExactly(List.of("dims", "width"));
        assertThat(JsonPaths.paths("(doc ->> 'sku'::text)")).containsExactly(List.of("sku"));
        assertThat(JsonPaths.paths("((doc -> 'dims'::text) ->> 'width'::text)")).containsExactly(List.of("dims", "width"));
        assertThat(JsonPaths.paths("(doc #>> '{dims,width}'::text[])")).containsExactly(List.of("dims", "width"));
        assertThat(JsonPaths.paths("(price * 2)")).isEmpty();
    }

    @Test
    void documents_carry_every_key_with_numbers_unquoted() {
        JsonPaths.Document document = new JsonPaths.Document(List.of(
                new JsonPaths.Key(List.of("sku"), n -> "mt" + n, false),
                new JsonPaths.Key(List.of("dims", "width"), n -> Long.toString(n * 2), true)));
        assertThat(document.plain(7)).isEqualTo("{\"mt\": 7, \"sku\": \"mt7\", \"dims\": {\"width\": 14}}");
    }

    @Test
    void keys_of_two_foreign_keys_get_distinct_parent_pairs() {
        List<List<String>> products = List.of(List.of("1"), List.of("2"), List.of("3"));
        List<List<String>> tags = List.of(List.of("a"), List.of("b"));
        ParentRows parents = new ParentRows(List.of(products, tags), new int[] {0, 1}, new int[] {0, 0}, 0);
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            String[] row = parents.next();
            pairs.add(row[0] + row[1]);
        }
        assertThat(pairs).containsExactlyInAnyOrder("1a", "2a", "3a", "1b", "2b", "3b");
    }

    @Test
    void a_join_table_seeded_again_after_its_parents_grew_takes_only_pairs_it_does_not_hold() {
        // the first seeding, with 2 x 2 parents, took combinations 0 and 1: (1, a) and (2, a);
        // with 3 x 2 parents, combination 2 onwards starts with (3, a) and then (1, b), (2, b) ...
        List<List<String>> products = List.of(List.of("1"), List.of("2"), List.of("3"));
        List<List<String>> tags = List.of(List.of("a"), List.of("b"));
        Set<String> held = new HashSet<>(Set.of(ParentRows.keyOf(List.of("1", "a")), ParentRows.keyOf(List.of("3", "a")),
                ParentRows.keyOf(List.of("1", "b"))));
        ParentRows parents = new ParentRows(List.of(products, tags), new int[] {0, 1}, new int[] {0, 0}, 2,
                new int[] {0, 1}, held);
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String[] row = parents.next();
            pairs.add(row[0] + row[1]);
        }
        assertThat(pairs).containsExactlyInAnyOrder("2b", "3b", "2a");
    }

    @Test
    void boundary_text_is_non_ascii_and_exactly_the_length() {
        assertThat(ColumnRules.fill(2)).isEqualTo("Zo");
        assertThat(ColumnRules.fill(10)).hasSize(10).contains("東京");
    }
}
