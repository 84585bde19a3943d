package io.migratest.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random text keys (case, accents, emoji, full-width letters) ordered by the server and merged in
 * Java: any disagreement between the database's order and Migratest's would show as spurious
 * missing/unexpected rows or an order error.
 */
class RandomKeysOnServersTest {

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Engine engine : List.of(Engine.POSTGRES, Engine.MARIADB)) {
            for (long seed = 1; seed <= 3; seed++) {
                cases.add(Arguments.of(engine, seed, seed == 3));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} seed {1} side table {2}")
    @MethodSource("cases")
    void random_text_keys_find_exactly_the_planted_changes(Engine engine, long seed, boolean sideTable) {
        Random random = new Random(seed);
        Set<String> keys = new LinkedHashSet<>();
        while (keys.size() < 400) {
            keys.add(io.migratest.compare.internal.MergeRandomTestAccess.randomText(random) + random.nextInt(3));
        }
        try (TestDatabase database = TestServers.of(engine).createDatabase()) {
            Jdbi jdbi = database.jdbi();
            String type = engine == Engine.POSTGRES ? "VARCHAR(40)" : "VARCHAR(40) COLLATE utf8mb4_unicode_ci";
            jdbi.useHandle(h -> {
                h.execute("CREATE TABLE src (k " + type + ", v INTEGER)");
                h.execute("CREATE TABLE dst (k " + type + ", v INTEGER)");
            });
            List<String> changed = new ArrayList<>();
            jdbi.useHandle(h -> {
                PreparedBatch src = h.prepareBatch("INSERT INTO src VALUES (?, ?)");
                PreparedBatch dst = h.prepareBatch("INSERT INTO dst VALUES (?, ?)");
                int i = 0;
                for (String key : keys) {
                    src.add(key, i);
                    boolean change = random.nextInt(25) == 0;
                    if (change) {
                        changed.add(key);
                    }
                    dst.add(key, change ? -i - 1 : i);
                    i++;
                }
                src.execute();
                dst.execute();
            });
            Snapshot before = sideTable ? Snapshot.inDatabase(jdbi, "SELECT k, v FROM src") : Snapshot.of(jdbi, "SELECT k, v FROM src");

            DiffReport report = DataDiff.of(before).against(jdbi, "SELECT k, v FROM dst").matchingOn("k").run();

            assertThat(report.missing()).as(report.describe(10)).isZero();
            assertThat(report.unexpected()).isZero();
            assertThat(report.equal()).isEqualTo(keys.size() - changed.size());
            assertThat(report.differences()).extracting(d -> d.key().get("k")).containsExactlyInAnyOrderElementsOf(changed);
        }
    }
}
