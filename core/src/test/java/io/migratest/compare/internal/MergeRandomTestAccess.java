package io.migratest.compare.internal;

import java.util.Random;

/** Lets tests of other packages draw the same awkward text as {@link MergeRandomTest}. */
public final class MergeRandomTestAccess {

    private MergeRandomTestAccess() {
    }

    public static String randomText(Random random) {
        return MergeRandomTest.randomText(random);
    }
}
