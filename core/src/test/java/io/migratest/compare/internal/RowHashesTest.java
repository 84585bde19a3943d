package io.migratest.compare.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Java twins of the servers' hash functions return what the servers return. */
class RowHashesTest {

    private static final long[] SEEDS = {0, 1, -1, Long.MIN_VALUE, 42};

    /** Characters of one to four UTF-8 bytes, and the SQL string literal's troublemakers. */
    private static final String[] CHARACTERS = {"a", "Z", "0", " ", "'", "\"", "\\", "|", "%", "\t", "\n",
            "é", "ß", "ü", "漢", "字", "€", "😀", "🎉", "\uD834\uDD1E"};

    private static final int BATCH = 500;

    @Test
    void postgres_hash_matches_hashtextextended_for_every_length_and_seed() throws Exception {
        List<String> texts = texts();
        try (DatabaseServer server = TestServers.fresh(Engine.POSTGRES);
                TestDatabase database = server.createDatabase();
                Connection connection = database.dataSource().getConnection()) {
            for (long seed : SEEDS) {
                String sql = "SELECT " + RowHashes.postgresHashSql("CAST(v AS text)", seed)
                        + " FROM unnest(?) WITH ORDINALITY AS t(v, n) ORDER BY n";
                List<Long> fromServer = new ArrayList<>();
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    Array array = connection.createArrayOf("text", texts.toArray());
                    statement.setArray(1, array);
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            fromServer.add(rs.getLong(1));
                        }
                    }
                    array.free();
                }
                assertThat(fromServer).hasSameSizeAs(texts);
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(RowHashes.postgresHash(texts.get(i), seed))
                            .as("hash of %s (%d bytes) with seed %d", quoted(texts.get(i)), utf8Length(texts.get(i)), seed)
                            .isEqualTo(fromServer.get(i));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "MYSQL"})
    void mysql_hash60_matches_the_sql_expression(Engine engine) throws Exception {
        List<String> texts = texts();
        try (TestDatabase database = TestServers.of(engine).createDatabase();
                Connection connection = database.dataSource().getConnection()) {
            for (int from = 0; from < texts.size(); from += BATCH) {
                List<String> batch = texts.subList(from, Math.min(texts.size(), from + BATCH));
                List<Long> fromServer = mysqlHashes(connection, batch);
                for (int i = 0; i < batch.size(); i++) {
                    long expected = RowHashes.mysqlHash60(batch.get(i));
                    assertThat(expected).isBetween(0L, (1L << 60) - 1);
                    assertThat(expected).as("hash of %s", quoted(batch.get(i))).isEqualTo(fromServer.get(i));
                }
            }
        }
    }

    /** One SELECT over a UNION ALL of the batch's texts, numbered to keep their order. */
    private static List<Long> mysqlHashes(Connection connection, List<String> batch) throws Exception {
        String rows = String.join(" UNION ALL ", Collections.nCopies(batch.size(), "SELECT ? AS n, ? AS v"));
        String sql = "SELECT " + RowHashes.mysqlHash60Sql("v") + " FROM (" + rows + ") AS t ORDER BY n";
        List<Long> hashes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < batch.size(); i++) {
                statement.setInt(2 * i + 1, i);
                statement.setString(2 * i + 2, batch.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    hashes.add(rs.getLong(1));
                }
            }
        }
        assertThat(hashes).hasSameSizeAs(batch);
        return hashes;
    }

    @Test
    void the_text_and_byte_forms_agree_and_the_seed_matters() {
        String text = "Grüße 😀";
        long unseeded = RowHashes.postgresHash(text, 0);

        assertThat(RowHashes.postgresHash(text.getBytes(StandardCharsets.UTF_8), 0)).isEqualTo(unseeded);
        assertThat(RowHashes.postgresHash(text, 42)).isNotEqualTo(unseeded);
        assertThat(RowHashes.postgresHashSql("a || b", -1)).isEqualTo("hashtextextended((a || b) COLLATE \"C\", -1)");
    }

    @Test
    void the_reversed_text_keeps_each_character_whole() {
        // REVERSE moves code points, so the emoji's surrogate pair must stay in order
        CRC32 forward = new CRC32();
        forward.update("a😀é".getBytes(StandardCharsets.UTF_8));
        CRC32 backward = new CRC32();
        backward.update("é😀a".getBytes(StandardCharsets.UTF_8));

        assertThat(RowHashes.mysqlHash60("a😀é")).isEqualTo((forward.getValue() << 28) + (backward.getValue() >>> 4));
        assertThat(RowHashes.mysqlHash60("")).isZero();
    }

    /**
     * Every byte length from 0 to 200 in ASCII (each lookup3 tail length, whole 12-byte blocks),
     * then a few thousand seeded random mixes of one- to four-byte characters.
     */
    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        StringBuilder ascii = new StringBuilder();
        for (int length = 0; length <= 200; length++) {
            texts.add(ascii.toString());
            ascii.append((char) ('a' + length % 26));
        }
        Random random = new Random(20_240_611);
        for (int i = 0; i < 3000; i++) {
            int characters = random.nextInt(i < 1000 ? 16 : 201);
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < characters; c++) {
                text.append(random.nextBoolean() ? String.valueOf((char) (' ' + random.nextInt(95)))
                        : CHARACTERS[random.nextInt(CHARACTERS.length)]);
            }
            texts.add(text.toString());
        }
        return texts;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
