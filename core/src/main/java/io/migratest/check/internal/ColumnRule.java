package io.migratest.check.internal;

import io.migratest.check.Schema.Column;
import java.util.function.LongFunction;

/**
 * How the generator fills one column: a plain value for the n-th generated row, and for the few
 * boundary rows of each seeding its lowest and highest values (empty or longest text, the
 * type's extreme numbers, non-ASCII text) or NULL. Values are text as the engine reads it on
 * input ({@code COPY} text, or a string literal); {@code null} is SQL NULL.
 *
 * @param column   the column
 * @param bytes    whether the text is hexadecimal bytes (a binary literal, not a string)
 * @param mayBeNull whether boundary rows may leave it NULL: nullable, not part of a key, feeds no generated column
 * @param plain    the value of generated row n; it may throw {@link Exhausted}
 * @param low      the lowest boundary value, or {@code null} for the plain one
 * @param high     the highest boundary value, or {@code null} for the plain one
 */
record ColumnRule(Column column, boolean bytes, boolean mayBeNull, LongFunction<String> plain, String low, String high) {

    /** Which values a generated row carries. */
    enum Variant {
        PLAIN, NULLS, LOW, HIGH;

        /** The variant of row {@code index} of one seeding: rows 1 to 3 probe NULL and the boundaries, the rest are plain. */
        static Variant ofRow(int index) {
            return switch (index) {
                case 1 -> NULLS;
                case 2 -> LOW;
                case 3 -> HIGH;
                default -> PLAIN;
            };
        }
    }

    /** The value for generated row {@code n} of {@code variant}. */
    String value(Variant variant, long n) {
        return switch (variant) {
            case NULLS -> mayBeNull ? null : plain.apply(n);
            case LOW -> low != null ? low : plain.apply(n);
            case HIGH -> high != null ? high : plain.apply(n);
            case PLAIN -> plain.apply(n);
        };
    }

    /** A key column has no value left in its type's range: seeding stops for its table, and says why. */
    static final class Exhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exhausted(String message) {
            super(message, null, false, false);
        }
    }
}
