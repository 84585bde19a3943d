package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the one-engine-layer rule over the main sources of core and junit-extension: engine
 * branches, engine detection and identifier quoting live in the dialects of
 * {@code io.migratest.db.internal} and nowhere else. A hit elsewhere is a missing dialect hook.
 */
class OneEngineLayerTest {

    private static final List<Path> ROOTS = List.of(Path.of("src/main/java"), Path.of("../junit-extension/src/main/java"));

    /** Engine branches and detection, searched in code with comments and literals taken out. */
    private static final Pattern ENGINE_BRANCH = Pattern.compile(
            "Engine\\.(POSTGRES|MYSQL|MARIADB)\\b|getDatabaseProduct(Name|Version)|getDriverName"
                    + "|switch \\([\\w.]*engine(\\(\\))?\\)|case (POSTGRES|MYSQL|MARIADB)\\b|Sql\\.(POSTGRES|MYSQL)\\b");

    /** Identifier quoting, searched in the raw text (its quote characters are literals). */
    private static final Pattern QUOTING = Pattern.compile(
            "replace\\(\"`\", \"``\"\\)|(identifier|name)\\.replace\\(\"\\\\\"\", \"\\\\\"\\\\\"\"\\)");

    /** The dialects, where engine knowledge belongs. */
    private static final Pattern DIALECT_FILE = Pattern.compile(
            "io/migratest/db/internal/(\\w*Dialects?|PostgresCatalog|MySqlCatalog|MySqlClone)\\.java");

    /** Files allowed to name an engine, and why. */
    private static final Map<String, String> ALLOWED = Map.of(
            // The provider that embeds PostgreSQL serves that one engine: its identity, not a branch.
            "io/migratest/db/internal/EmbeddedPostgresProvider.java", "embeds PostgreSQL",
            // @MigrationTest's default engine is public API.
            "io/migratest/junit/MigrationTest.java", "the annotation's default engine");

    @Test
    void engines_are_named_only_in_the_dialects() {
        List<String> hits = new ArrayList<>();
        for (Path file : sources()) {
            String name = relative(file);
            if (DIALECT_FILE.matcher(name).matches() || ALLOWED.containsKey(name)) {
                continue;
            }
            String code = codeOnly(read(file));
            Matcher m = ENGINE_BRANCH.matcher(code);
            while (m.find()) {
                hits.add(name + ":" + lineOf(code, m.start()) + ": " + m.group());
            }
        }
        assertThat(hits).as("engine branches or detection outside the dialects (add a dialect hook instead)").isEmpty();
    }

    @Test
    void identifiers_are_quoted_only_by_the_dialects() {
        List<String> hits = new ArrayList<>();
        for (Path file : sources()) {
            String name = relative(file);
            if (name.endsWith("/PostgresDialect.java") || name.endsWith("/MySqlDialect.java")) {
                continue;
            }
            String text = read(file);
            Matcher m = QUOTING.matcher(text);
            while (m.find()) {
                hits.add(name + ":" + lineOf(text, m.start()) + ": " + m.group());
            }
        }
        assertThat(hits).as("identifier quoting outside Dialect.quote").isEmpty();
    }

    @Test
    void the_scan_sees_the_sources_and_finds_what_it_looks_for() {
        assertThat(sources()).extracting(OneEngineLayerTest::relative)
                .contains("io/migratest/db/internal/PostgresDialect.java", "io/migratest/junit/MigratestExtension.java");
        assertThat(ENGINE_BRANCH.matcher(codeOnly("if (engine == Engine.MYSQL) { }")).find()).isTrue();
        assertThat(ENGINE_BRANCH.matcher(codeOnly("switch (database.engine()) {")).find()).isTrue();
        assertThat(ENGINE_BRANCH.matcher(codeOnly("meta.getDatabaseProductName()")).find()).isTrue();
        assertThat(ENGINE_BRANCH.matcher(codeOnly("// Engine.MYSQL in a comment\n\"Engine.MYSQL in a string\"")).find())
                .isFalse();
        assertThat(QUOTING.matcher("'`' + identifier.replace(\"`\", \"``\") + '`'").find()).isTrue();
        assertThat(QUOTING.matcher("'\"' + name.replace(\"\\\"\", \"\\\"\\\"\") + '\"'").find()).isTrue();
    }

    private static List<Path> sources() {
        List<Path> files = new ArrayList<>();
        for (Path root : ROOTS) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private static String relative(Path file) {
        for (Path root : ROOTS) {
            if (file.startsWith(root)) {
                return root.relativize(file).toString().replace('\\', '/');
            }
        }
        return file.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text with comments, string and character literals blanked out (line breaks kept). */
    static String codeOnly(String text) {
        StringBuilder code = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                i = blank(text, i, text.indexOf('\n', i) < 0 ? text.length() : text.indexOf('\n', i), code);
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = blank(text, i, end < 0 ? text.length() : end + 2, code);
            } else if (text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                i = blank(text, i, end < 0 ? text.length() : end + 3, code);
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != c && text.charAt(end) != '\n') {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                i = blank(text, i, Math.min(text.length(), end + 1), code);
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    private static int blank(String text, int from, int to, StringBuilder code) {
        for (int i = from; i < to; i++) {
            code.append(text.charAt(i) == '\n' ? '\n' : ' ');
        }
        return to;
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
