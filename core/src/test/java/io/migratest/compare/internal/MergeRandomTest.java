package io.migratest.compare.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.compare.Difference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming merge agrees with a naive map-based diff on random key sets and changes (seeded, reproducible). */
class MergeRandomTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void merge_matches_a_naive_diff(long seed) throws Exception {
        Random random = new Random(seed);
        boolean textKeys = random.nextBoolean();
        int size = random.nextInt(200);
        Map<Object, Object> expected = new HashMap<>();
        for (int i = 0; i < size; i++) {
            expected.put(randomKey(random, textKeys), (long) random.nextInt(5));
        }
        List<Object[]> actual = new ArrayList<>();
        for (Map.Entry<Object, Object> entry : expected.entrySet()) {
            int roll = random.nextInt(10);
            if (roll == 0) {
                continue; // missing
            }
            Object value = roll == 1 ? (Object) (100L + random.nextInt(3)) : entry.getValue(); // changed
            actual.add(new Object[] {entry.getKey(), value});
            if (roll == 2) {
                actual.add(new Object[] {entry.getKey(), value}); // duplicate
            }
        }
        for (int i = random.nextInt(20); i > 0; i--) {
            Object key = randomKey(random, textKeys);
            if (!expected.containsKey(key)) {
                actual.add(new Object[] {key, 0L}); // unexpected
            }
        }
        Comparator<Object> byKey = Values::compareKeys;
        List<Merge.Expected> expectedRows = expected.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(byKey))
                .map(e -> new Merge.Expected(new Object[] {e.getKey()}, new Object[] {e.getKey(), e.getValue()}, e))
                .toList();
        actual.sort((a, b) -> Values.compareKeys(a[0], b[0]));

        Merge.Plan plan = new Merge.Plan("t", List.of("k", "v"), new int[] {0}, new int[] {1},
                Values.Tolerances.EXACT, null, "");
        Merge.Counts counts;
        List<Difference> found;
        Path file;
        try (DifferenceSink sink = new DifferenceSink(Integer.MAX_VALUE, dir.resolve("d" + seed), false, "t")) {
            Iterator<Merge.Expected> e = expectedRows.iterator();
            Iterator<Object[]> a = actual.iterator();
            counts = new Merge(plan, sink).run(() -> e.hasNext() ? e.next() : null, () -> a.hasNext() ? a.next() : null);
            found = sink.kept();
            file = sink.file();
        }
        if (!found.isEmpty()) {
            assertThat(Files.readAllLines(file)).hasSize(found.size() + 1);
        }

        Naive naive = new Naive(expected, actual);
        assertThat(counts.equal).isEqualTo(naive.equal);
        assertThat(keysOf(found, Difference.Kind.CHANGED)).isEqualTo(naive.changed);
        assertThat(keysOf(found, Difference.Kind.MISSING)).isEqualTo(naive.missing);
        assertThat(keysOf(found, Difference.Kind.UNEXPECTED)).isEqualTo(naive.unexpected);
        assertThat(counts.duplicates).isEqualTo(naive.duplicates);
        assertThat(counts.target).isEqualTo(actual.size());
        List<Object> order = found.stream().map(d -> d.key().get("k")).toList();
        assertThat(order).isSortedAccordingTo(byKey);
    }

    private static Set<Object> keysOf(List<Difference> differences, Difference.Kind kind) {
        return differences.stream().filter(d -> d.kind() == kind).map(d -> d.key().get("k")).collect(Collectors.toSet());
    }

    static Object randomKey(Random random, boolean text) {
        if (!text) {
            return (long) random.nextInt(400) - 200;
        }
        return randomText(random);
    }

    /** Text that trips collations: case, accents, spaces, digits, punctuation, characters above U+FFFF. */
    static String randomText(Random random) {
        String[] pieces = {"a", "A", "b", "B", "z", "Z", "é", "É", "e", "ß", "ss", "ø", "å", " ", "-", "_", "0", "9",
                "😀", "𝔸", "中", "ｚ", "\uFF21"};
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(4);
        for (int i = 0; i < length; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString().strip().isEmpty() ? "x" + text.toString().strip() : text.toString().strip();
    }

    /** The obvious diff, with maps. */
    private static final class Naive {
        long equal;
        long duplicates;
        final Set<Object> changed = new HashSet<>();
        final Set<Object> missing = new HashSet<>();
        final Set<Object> unexpected = new HashSet<>();

        Naive(Map<Object, Object> expected, List<Object[]> actual) {
            Map<Object, List<Object>> byKey = new LinkedHashMap<>();
            for (Object[] row : actual) {
                byKey.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row[1]);
            }
            expected.forEach((key, value) -> {
                List<Object> found = byKey.get(key);
                if (found == null) {
                    missing.add(key);
                } else if (found.get(0).equals(value)) {
                    equal++;
                } else {
                    changed.add(key);
                }
            });
            byKey.forEach((key, values) -> {
                duplicates += values.size() - 1;
                if (!expected.containsKey(key)) {
                    unexpected.add(key);
                }
            });
        }
    }
}
