package io.migratest.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.check.CheckOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The catalogue is the one place settings are declared: README's Configuration table lists
 * exactly its keys, defaults and descriptions, and no main source file of core or the JUnit
 * extension names a key or reads a system property or environment variable on its own.
 */
class SettingsCatalogueTest {

    /** The Maven module's working directory is core/; the repository root is its parent. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** The catalogue and its reader, the only files that may. */
    private static final Set<String> CATALOGUE = Set.of("core/src/main/java/io/migratest/db/Setting.java",
            "core/src/main/java/io/migratest/db/Settings.java");

    /**
     * Names in Migratest's namespace that main code may spell out because they are not settings,
     * each with its reason; and mentions of keys in messages of files other helpers are reworking.
     */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            // a Flyway placeholder (${migratest.engine}) that migrations may use, not a setting
            "core/src/main/java/io/migratest/migrate/Migrator.java", Set.of("migratest.engine"),
            // names of JUnit report entries, not settings
            "junit-extension/src/main/java/io/migratest/junit/MigratestExtension.java",
            Set.of("migratest.keptDatabase", "migratest.dropFailed"),
            // the SARIF file's name, not a setting
            "core/src/main/java/io/migratest/report/internal/PullRequestAnnotations.java", Set.of("migratest.sarif"));

    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    private static final Pattern NAME_IN_LITERAL = Pattern.compile("(?:(?<=-D)|(?<![\\w.]))migratest\\.[A-Za-z][\\w.]*");

    @Test
    void the_readme_configuration_table_lists_exactly_the_catalogue() throws IOException {
        Map<String, List<String>> documented = readmeTable();
        Map<String, List<String>> declared = new LinkedHashMap<>();
        for (Setting<?> setting : Setting.all()) {
            declared.putIfAbsent(setting.documentedKey(), List.of(setting.defaultText(), setting.doc()));
        }
        String expectedTable = declared.entrySet().stream()
                .map(e -> "| `" + e.getKey() + "` | " + e.getValue().get(0) + " | " + e.getValue().get(1) + " |")
                .collect(Collectors.joining("\n"));

        assertThat(documented)
                .as("README.md's Configuration table; from the catalogue it reads:\n%s\n", expectedTable)
                .containsExactlyEntriesOf(declared);
    }

    @Test
    void each_setting_has_one_key_one_environment_name_and_a_default_its_type_accepts() {
        List<Setting<?>> all = Setting.all();
        assertThat(all).extracting(Setting::key).doesNotHaveDuplicates().allMatch(k -> k.startsWith(Setting.PREFIX));
        assertThat(all).extracting(Setting::environmentName).doesNotHaveDuplicates()
                .allMatch(name -> name.matches("MIGRATEST_[A-Z0-9_]+"));
        assertThat(Setting.CLONE_POOL.environmentName()).isEqualTo("MIGRATEST_CLONE_POOL");
        assertThat(Setting.SNAPSHOT_MAX_ROWS_IN_MEMORY.environmentName()).isEqualTo("MIGRATEST_SNAPSHOT_MAX_ROWS_IN_MEMORY");
        assertThat(Setting.image(Engine.MARIADB).environmentName()).isEqualTo("MIGRATEST_MARIADB_IMAGE");
        for (Setting<?> setting : all) {
            if (setting == Setting.FAIL_ON_MISSING_FILES) {
                continue; // its default follows the CI variable
            }
            assertThat(Setting.named(setting.environmentName())).contains(setting);
            assertThat(setting.doc()).as(setting.key()).isNotBlank().doesNotContain("|", "\n");
            setting.defaultValue().ifPresent(value -> assertThat(setting.defaultText())
                    .as(setting.key()).contains(value instanceof java.time.Duration d
                            ? Long.toString(setting.key().endsWith("Seconds") ? d.toSeconds() : d.toMinutes())
                            : value instanceof Set<?> set ? (set.isEmpty() ? "none" : "all")
                            // a default under the user's home is documented as ~/...
                            : String.valueOf(value).replace(System.getProperty("user.home"), "~")));
        }
        assertThat(Setting.BASELINE_FILE.defaultValue()).contains(Path.of(CheckOptions.DEFAULT_BASELINE));
        assertThat(Setting.SNAPSHOT_DIR.defaultValue()).contains(Path.of(CheckOptions.DEFAULT_SNAPSHOTS));
    }

    @Test
    void no_main_source_names_a_key_or_reads_the_environment_outside_the_catalogue() throws IOException {
        List<String> found = new ArrayList<>();
        for (String module : List.of("core", "junit-extension", "data-steps")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String relative = ROOT.relativize(file).toString().replace('\\', '/');
                    if (!CATALOGUE.contains(relative)) {
                        found.addAll(offences(relative, Files.readString(file)));
                    }
                }
            }
        }
        assertThat(found).as("settings read or named outside %s", CATALOGUE).isEmpty();
    }

    @Test
    void the_scan_sees_what_it_is_meant_to_see() {
        String source = """
                class X {
                    String a = System.getProperty("x");
                    String b = System.getenv("CI");
                    long c = Long.getLong("migratest.snapshot.maxRowsInMemory", 5);
                    String d = "set -Dmigratest.clonePool=2";
                    String e = "io.migratest.db.Engine";
                    // migratest.reportDir in a comment is documentation
                }
                """;

        assertThat(offences("X.java", source)).containsExactly(
                "X.java:2: System.getProperty", "X.java:3: System.getenv", "X.java:4: Long.getLong",
                "X.java:4: migratest.snapshot.maxRowsInMemory", "X.java:5: migratest.clonePool");
    }

    private static List<String> offences(String file, String source) {
        List<String> found = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.trim().startsWith("//") || line.trim().startsWith("*")) {
                continue;
            }
            for (String call : List.of("System.getProperty", "System.getenv", "System.getProperties", "Long.getLong",
                    "Integer.getInteger", "Boolean.getBoolean")) {
                if (line.contains(call + "(")) {
                    found.add(file + ":" + (i + 1) + ": " + call);
                }
            }
            Matcher literal = STRING_LITERAL.matcher(line);
            while (literal.find()) {
                Matcher name = NAME_IN_LITERAL.matcher(literal.group());
                while (name.find()) {
                    String key = name.group().replaceAll("[.=]+$", "");
                    if (!ALLOWED.getOrDefault(file, Set.of()).contains(key)) {
                        found.add(file + ":" + (i + 1) + ": " + key);
                    }
                }
            }
        }
        return found;
    }

    /** The rows of README's {@code | setting | default | meaning |} table: key to default and meaning. */
    private static Map<String, List<String>> readmeTable() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        int header = lines.indexOf("| setting | default | meaning |");
        assertThat(header).as("README.md has the Configuration table").isNotNegative();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("(?<!\\\\)\\|", -1);
            assertThat(cells).as("row %s of README's table", lines.get(i)).hasSize(5);
            String key = cells[1].trim().replaceAll("^`|`$", "");
            assertThat(rows.put(key, List.of(cells[2].trim(), cells[3].trim()))).as("README lists %s twice", key).isNull();
        }
        return rows;
    }
}
