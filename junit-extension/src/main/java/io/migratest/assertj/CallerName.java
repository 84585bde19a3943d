package io.migratest.assertj;

import java.util.Optional;

/**
 * The test that called an assertion, as {@code Class.method}: the first frame outside these
 * assertions, AssertJ, its soft-assertion proxies and the JDK. It names the file a failed diff
 * writes, so that the file says which test it belongs to.
 */
final class CallerName {

    private CallerName() {
    }

    static Optional<String> find() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(frame -> !isAssertionMachinery(frame.getClassName()))
                .findFirst()
                .map(frame -> simpleName(frame.getClassName()) + "."
                        + frame.getMethodName().replaceFirst("^lambda\\$", "").replaceFirst("\\$\\d+$", "")));
    }

    private static boolean isAssertionMachinery(String className) {
        String simple = simpleName(className);
        // the suffix test keeps this package's own test classes (MigrationAssertionsTest) as callers
        boolean ours = className.startsWith(CallerName.class.getPackageName() + ".")
                && (simple.endsWith("Assert") || simple.endsWith("Assertions") || simple.equals("CallerName"));
        return ours || className.startsWith("org.assertj.") || className.startsWith("java.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.contains("$ByteBuddy$") || className.contains("$$Lambda");
    }

    private static String simpleName(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        return nested > 0 ? simple.substring(0, nested) : simple;
    }
}
