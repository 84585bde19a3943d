package io.migratest.check.internal;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.migratest.MigratestException;
import io.migratest.check.Schema;
import io.migratest.db.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

    /** A unified diff from {@code expected} to {@code actual}, with two lines of context. */
    public static List<String> diff(String expectedName, String expected, String actualName, String actual) {
        List<String> original = normalise(expected).lines().toList();
        List<String> revised = normalise(actual).lines().toList();
        Patch<String> patch = DiffUtils.diff(original, revised);
        return UnifiedDiffUtils.generateUnifiedDiff(expectedName, actualName, original, patch, 2);
    }
}
