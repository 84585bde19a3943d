package io.migratest.compare.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Hashes of a row's text that a database computes in SQL and Java computes alike, so that an
 * in-database comparison can hash rows on the server and check single rows in Java.
 *
 * <ul>
 *   <li>PostgreSQL: {@link #postgresHash}, the server's own {@code hashtextextended}; fast on
 *       the server and 64 bits wide.</li>
 *   <li>MySQL 8 and MariaDB: {@link #mysqlHash60}, 60 bits built from two {@code CRC32}s, as
 *       neither server offers a 64-bit hash cheaper than MD5 that both spell the same.</li>
 * </ul>
 */
public final class RowHashes {

    /** Lookup3's golden-ratio constant plus PostgreSQL's own offset, the start of every state. */
    private static final int POSTGRES_INITIAL = 0x9e3779b9 + 3923095;

    private static final VarHandle LITTLE_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private RowHashes() {
    }

    // ---------------------------------------------------------------- PostgreSQL

    /** {@link #postgresHash(byte[], long)} of {@code text} in UTF-8. */
    public static long postgresHash(String text, long seed) {
        return postgresHash(text.getBytes(StandardCharsets.UTF_8), seed);
    }

    /**
     * What PostgreSQL's {@code hashtextextended(text, seed)} returns for the text whose UTF-8
     * bytes are {@code utf8}, when the text has a deterministic collation (as {@link
     * #postgresHashSql} ensures) and the server is little-endian (x86-64, ARM64): the
     * server's {@code hash_bytes_extended}, Bob Jenkins' lookup3 hash widened to a 64-bit seed and
     * a 64-bit result.
     *
     * <p>A non-zero seed is mixed in as if it were a first 12-byte block (high word, low word,
     * zero); the bytes then go in as little-endian words, twelve at a time; the result is the
     * final {@code b} in the high half and {@code c} in the low half.
     */
    public static long postgresHash(byte[] utf8, long seed) {
        int length = utf8.length;
        Lookup3 state = new Lookup3(POSTGRES_INITIAL + length);
        if (seed != 0) {
            state.mix((int) (seed >>> 32), (int) seed, 0);
        }
        int at = 0;
        while (length - at >= 12) {
            state.mix((int) LITTLE_ENDIAN_INT.get(utf8, at), (int) LITTLE_ENDIAN_INT.get(utf8, at + 4),
                    (int) LITTLE_ENDIAN_INT.get(utf8, at + 8));
            at += 12;
        }
        // The last 0 to 11 bytes fill a, then b, then c from the low byte up, except that c's
        // low byte stays clear (lookup3 kept it for the length): its tail starts at bits 8-15.
        int tail = length - at;
        if (tail >= 8) {
            state.a += (int) LITTLE_ENDIAN_INT.get(utf8, at);
            state.b += (int) LITTLE_ENDIAN_INT.get(utf8, at + 4);
            state.c += tailWord(utf8, at + 8, tail - 8) << 8;
        } else if (tail >= 4) {
            state.a += (int) LITTLE_ENDIAN_INT.get(utf8, at);
            state.b += tailWord(utf8, at + 4, tail - 4);
        } else {
            state.a += tailWord(utf8, at, tail);
        }
        state.finish();
        return ((long) state.b << 32) | (state.c & 0xffffffffL);
    }

    /** lookup3's three words and its two mixing steps (a short-lived object the JIT keeps in registers). */
    private static final class Lookup3 {
        int a;
        int b;
        int c;

        Lookup3(int initial) {
            a = initial;
            b = initial;
            c = initial;
        }

        /** Adds one 12-byte block (or the seed) and stirs: lookup3's mix(). */
        void mix(int x, int y, int z) {
            a += x;
            b += y;
            c += z;
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
        }

        /** lookup3's final(). */
        void finish() {
            c ^= b; c -= Integer.rotateLeft(b, 14);
            a ^= c; a -= Integer.rotateLeft(c, 11);
            b ^= a; b -= Integer.rotateLeft(a, 25);
            c ^= b; c -= Integer.rotateLeft(b, 16);
            a ^= c; a -= Integer.rotateLeft(c, 4);
            b ^= a; b -= Integer.rotateLeft(a, 14);
            c ^= b; c -= Integer.rotateLeft(b, 24);
        }
    }

    /** The {@code count} (0 to 3) bytes at {@code from} as a little-endian word. */
    private static int tailWord(byte[] bytes, int from, int count) {
        int word = 0;
        for (int i = count - 1; i >= 0; i--) {
            word = (word << 8) | (bytes[from + i] & 0xff);
        }
        return word;
    }

    /**
     * The SQL of {@link #postgresHash} of the text expression {@code textExpression}, a
     * {@code bigint}. The expression is hashed in the "C" collation: under a nondeterministic
     * collation the server would hash a sort key instead of the bytes.
     */
    public static String postgresHashSql(String textExpression, long seed) {
        return "hashtextextended((" + textExpression + ") COLLATE \"C\", " + seed + ")";
    }

    // ---------------------------------------------------------------- MySQL and MariaDB

    /**
     * A non-negative 60-bit hash of {@code text}: the CRC-32 of its UTF-8 bytes in bits 28 to 59,
     * and the top 28 bits of the CRC-32 of the text with its characters (code points) reversed in
     * bits 0 to 27. MySQL 8 and MariaDB compute it with {@link #mysqlHash60Sql}.
     */
    public static long mysqlHash60(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return (crc32(utf8) << 28) + (crc32(reverseCharacters(utf8)) >>> 4);
    }

    /** The CRC-32 of {@code text}'s UTF-8 bytes, as SQL's {@code CRC32} of a utf8mb4 string. */
    public static long crc32(String text) {
        return crc32(text.getBytes(StandardCharsets.UTF_8));
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    /**
     * The UTF-8 of the text whose characters are those of {@code utf8} in reverse order: each
     * character's byte sequence moves as a whole, as SQL's REVERSE moves characters. (Reversing the
     * Java string would need the same care for surrogate pairs.)
     */
    private static byte[] reverseCharacters(byte[] utf8) {
        byte[] reversed = new byte[utf8.length];
        int at = 0;
        while (at < utf8.length) {
            int size = utf8SequenceLength(utf8[at]);
            System.arraycopy(utf8, at, reversed, utf8.length - at - size, size);
            at += size;
        }
        return reversed;
    }

    /** The length of the UTF-8 sequence that {@code lead} starts; Java's encoder writes only valid ones. */
    private static int utf8SequenceLength(byte lead) {
        int bits = lead & 0xff;
        if (bits < 0x80) {
            return 1;
        }
        if (bits < 0xe0) {
            return 2;
        }
        return bits < 0xf0 ? 3 : 4;
    }

    /**
     * The SQL of {@link #mysqlHash60} of the text expression {@code textExpression}, an unsigned
     * integer, on MySQL 8 and MariaDB. The text is converted to utf8mb4 so the CRCs see the bytes
     * Java sees.
     *
     * <p>The expression appears twice: neither server can name a value within an expression (a
     * user variable assigned inside a SELECT has no guaranteed evaluation order and is deprecated
     * in MySQL 8, and MariaDB rejects outer references in a derived table). Callers should pass a
     * column or a cheap expression, or hash a column the query has already computed.
     */
    public static String mysqlHash60Sql(String textExpression) {
        String text = "CONVERT(" + textExpression + " USING utf8mb4)";
        return "((CRC32(" + text + ") << 28) + (CRC32(REVERSE(" + text + ")) >> 4))";
    }
}
