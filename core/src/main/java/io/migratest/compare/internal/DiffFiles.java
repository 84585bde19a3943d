package io.migratest.compare.internal;

import io.migratest.db.Setting;
import io.migratest.db.internal.JdbiSettings;
import java.nio.file.Path;

/**
 * Where a diff writes the full list of its differences when no file was given: the diffs
 * directory, under the diff's name or else the class and method that ran it.
 */
final class DiffFiles {

    private DiffFiles() {
    }

    /** {@code <diffs dir>/<name>}, to which the sink adds {@code -<n>.csv}. */
    static Path defaultFile(DiffSpec spec) {
        String base = spec.name() != null ? spec.name() : callerName(spec.targetName());
        return diffsDirectory(spec).resolve(base.replaceAll("[^A-Za-z0-9_.-]", "_"));
    }

    private static Path diffsDirectory(DiffSpec spec) {
        return JdbiSettings.of(spec.targetJdbi()).get(Setting.DIFFS_DIR);
    }

    /**
     * The first caller outside the diff itself and the JDK, as {@code Class.method}; a layer on
     * top (an assertion library) names the diff itself with {@code DataDiff.named}, so nothing
     * here knows about it.
     */
    private static String callerName(String fallback) {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(frame -> !isDiffOrJdk(frame.getClassName()))
                .findFirst()
                .map(frame -> simpleName(frame.getClassName()) + "."
                        + frame.getMethodName().replaceFirst("^lambda\\$", "").replaceFirst("\\$\\d+$", ""))
                .orElse(fallback));
    }

    private static boolean isDiffOrJdk(String className) {
        boolean diff = className.equals("io.migratest.compare.DataDiff") || className.startsWith("io.migratest.compare.DataDiff$")
                || className.startsWith("io.migratest.compare.internal.");
        return diff || className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.contains("$$Lambda");
    }

    private static String simpleName(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        return nested > 0 ? simple.substring(0, nested) : simple;
    }
}
