package io.migratest.check.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Which versions a Flyway history skips between two neighbours, on Flyway's own parsing and
 * order ({@link MigrationVersion}): the next version steps one component of the previous by one
 * and drops the rest ({@code 1.2 -> 2}, {@code 1.1 -> 1.2}), or extends it by sub-steps no
 * higher than 1 ({@code 1 -> 1.1}, {@code 1 -> 1.0.1}). Anything else misses versions.
 */
final class VersionSteps {

    /** At most this many missing versions are listed for one gap. */
    private static final int LISTED = 10;
    private static final BigInteger TWO = BigInteger.valueOf(2);

    private VersionSteps() {
    }

    /** The versions missing between {@code previous} and {@code next} (in Flyway's order), none when next follows. */
    static List<String> missingBetween(MigrationVersion previous, MigrationVersion next) {
        List<BigInteger> before = parts(previous);
        List<BigInteger> after = parts(next);
        int common = 0;
        while (common < before.size() && common < after.size() && before.get(common).equals(after.get(common))) {
            common++;
        }
        List<String> missing = new ArrayList<>();
        int firstSubStep;
        if (common == before.size()) {
            // next extends previous: 1 -> 1.1 is a first sub-step, 1 -> 1.3 misses 1.1 and 1.2
            firstSubStep = common;
        } else {
            // next steps component `common`: 1 -> 2 follows, 1 -> 4 misses 2 and 3
            List<BigInteger> prefix = after.subList(0, common);
            for (BigInteger v = before.get(common).add(BigInteger.ONE); v.compareTo(after.get(common)) < 0
                    && missing.size() < LISTED; v = v.add(BigInteger.ONE)) {
                missing.add(join(prefix, v));
            }
            firstSubStep = common + 1;
        }
        for (int level = firstSubStep; level < after.size(); level++) {
            List<BigInteger> prefix = after.subList(0, level);
            if (after.get(level).compareTo(TWO) >= 0) {
                for (BigInteger v = BigInteger.ONE; v.compareTo(after.get(level)) < 0 && missing.size() < LISTED;
                        v = v.add(BigInteger.ONE)) {
                    missing.add(join(prefix, v));
                }
            }
        }
        return missing;
    }

    private static List<BigInteger> parts(MigrationVersion version) {
        return Arrays.stream(version.getVersion().split("\\.")).map(BigInteger::new).toList();
    }

    private static String join(List<BigInteger> prefix, BigInteger last) {
        String head = prefix.stream().map(BigInteger::toString).collect(Collectors.joining("."));
        return head.isEmpty() ? last.toString() : head + "." + last;
    }
}
