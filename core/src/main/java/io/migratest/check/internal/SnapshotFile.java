package io.migratest.check.internal;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import io.migratest.MigratestException;
import io.migratest.check.Schema;
import io.migratest.db.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Schema snapshot files and the unified diff between two schema texts. */
public final class SnapshotFile {

    private SnapshotFile() {
    }

    /** The snapshot text in {@code file}, normalised; empty when the file does not exist. */
    public static Optional<String> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigratestException("Could not read the schema snapshot " + file.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        if (!text.startsWith(Schema.HEADER)) {
            throw new MigratestException("The schema snapshot " + file.toAbsolutePath() + " is broken: its first line"
                    + " must start with \"" + Schema.HEADER + "\" but is \"" + text.lines().findFirst().orElse("")
                    + "\" => delete it (or fix the merge) and run the tests with -D" + Setting.UPDATE_SNAPSHOTS.key() + "=true"
                    + " to write it from the migrated schema");
        }
        return Optional.of(normalise(text));
    }

    public static void write(Path file, String text) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigratestException("Could not write the schema snapshot " + file.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Line endings as {@code \n}, no trailing blanks, one final line break. */
    public static String normalise(String text) {
        StringBuilder out = new StringBuilder();
        text.lines().forEach(line -> out.append(line.stripTrailing()).append('\n'));
        return out.toString().stripTrailing() + "\n";
    }

    /**
     * A unified diff from {@code expected} to {@code actual}, with two lines of context; each hunk's
     * {@code @@} line ends with the object its first change is in ({@code @@ -4,5 +4,5 @@ table users}).
     */
    public static List<String> diff(String expectedName, String expected, String actualName, String actual) {
        List<String> original = normalise(expected).lines().toList();
        List<String> revised = normalise(actual).lines().toList();
        Patch<String> patch = DiffUtils.diff(original, revised);
        List<String> lines = new ArrayList<>(UnifiedDiffUtils.generateUnifiedDiff(expectedName, actualName, original, patch, 2));
        for (int i = 0; i < lines.size(); i++) {
            Matcher hunk = HUNK.matcher(lines.get(i));
            if (!hunk.find()) {
                continue;
            }
            int originalLine = Integer.parseInt(hunk.group(1)) - 1;
            int revisedLine = Integer.parseInt(hunk.group(2)) - 1;
            int first = i + 1;
            while (first < lines.size() && lines.get(first).startsWith(" ")) {
                originalLine++;
                revisedLine++;
                first++;
            }
            boolean added = first < lines.size() && lines.get(first).startsWith("+");
            String object = added ? objectAt(revised, revisedLine) : objectAt(original, originalLine);
            if (!object.isEmpty()) {
                lines.set(i, lines.get(i) + " " + object);
            }
        }
        return lines;
    }

    /**
     * The objects that differ between the two texts ({@code table users}, {@code trigger t on users}),
     * each once, in the order of the text.
     */
    public static List<String> changedObjects(String expected, String actual) {
        List<String> original = normalise(expected).lines().toList();
        List<String> revised = normalise(actual).lines().toList();
        Set<String> objects = new LinkedHashSet<>();
        for (AbstractDelta<String> delta : DiffUtils.diff(original, revised).getDeltas()) {
            for (int k = 0; k < delta.getSource().size(); k++) {
                objects.add(objectAt(original, delta.getSource().getPosition() + k));
            }
            for (int k = 0; k < delta.getTarget().size(); k++) {
                objects.add(objectAt(revised, delta.getTarget().getPosition() + k));
            }
        }
        objects.remove("");
        return List.copyOf(objects);
    }

    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");

    /** The object line {@code index} belongs to: the nearest unindented line at or above it, blank for none. */
    private static String objectAt(List<String> lines, int index) {
        for (int i = Math.min(index, lines.size() - 1); i > 0; i--) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                return "";
            }
            if (!line.startsWith(" ")) {
                return line;
            }
        }
        return "";
    }
}
