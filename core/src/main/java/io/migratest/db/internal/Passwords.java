package io.migratest.db.internal;

import io.migratest.db.Engine;
import io.migratest.db.InvalidSettingException;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The password for a configured server: the first line of {@code migratest.<engine>.passwordFile}
 * when that is set, else {@code migratest.<engine>.password} (best from the environment:
 * Surefire writes every system property of the test JVM, {@code -D} ones included, into its
 * XML reports).
 */
public final class Passwords {

    private Passwords() {
    }

    /** The password for {@code engine}'s server. */
    public static String of(Engine engine, Settings settings) {
        Optional<Path> file = settings.find(Setting.passwordFile(engine));
        if (file.isEmpty()) {
            return settings.get(Setting.password(engine));
        }
        try {
            List<String> lines = Files.readAllLines(file.get(), StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            throw new InvalidSettingException("Cannot read " + Setting.passwordFile(engine).key() + " ("
                    + file.get().toAbsolutePath() + "): " + e + " => create the file with the password as its"
                    + " first line, or unset " + Setting.passwordFile(engine).key());
        }
    }
}
