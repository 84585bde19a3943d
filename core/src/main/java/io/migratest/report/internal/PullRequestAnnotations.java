package io.migratest.report.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.report.Outcome;
import io.migratest.report.Report.Section.Content;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The failures of a report where a pull request shows them: GitHub Actions workflow commands
 * ({@code ::error file=…,line=…::…}) in {@code annotations.txt}, printed to standard output too
 * when {@link Setting#GITHUB_ANNOTATIONS} is on (as on GitHub Actions), and a SARIF 2.1.0 log
 * {@code migratest.sarif} for code-scanning tools. A failure points at a file and line when one
 * of its detail lines is a {@linkplain #location location line}.
 */
public final class PullRequestAnnotations {

    /** How a detail line names the file and line a failure is about: {@code location: path:line}. */
    public static final String LOCATION = "location: ";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern WHERE = Pattern.compile("\\(([^()]+)\\)$");
    private static final Pattern LOCATED = Pattern.compile("^" + LOCATION + "(.+):(\\d+)$");

    /** One failure with where it points, if anywhere. */
    record Annotation(String rule, String title, String message, String file, int line) {
    }

    private PullRequestAnnotations() {
    }

    /**
     * The detail line for a failure at {@code line} of the migration file Migratest found at
     * {@code where} (as the migration scan names it: {@code location (path)}): the path of its
     * source (a file copied to {@code target/classes} or {@code target/test-classes} is named by
     * its {@code src/…/resources} original), relative to the repository's root when there is one.
     */
    public static Optional<String> location(String where, int line) {
        Matcher m = WHERE.matcher(where == null ? "" : where);
        if (!m.find() || line <= 0) {
            return Optional.empty();
        }
        Path file;
        try {
            file = Path.of(m.group(1)).toAbsolutePath().normalize();
        } catch (RuntimeException notAPath) {
            return Optional.empty(); // inside a jar: no file a pull request has
        }
        file = source(file);
        return Optional.of(LOCATION + repositoryRelative(file) + ":" + line);
    }

    private static Path source(Path built) {
        String text = built.toString().replace('\\', '/');
        for (String[] pair : new String[][] {{"/target/test-classes/", "/src/test/resources/"},
                {"/target/classes/", "/src/main/resources/"}}) {
            int at = text.lastIndexOf(pair[0]);
            if (at >= 0) {
                Path original = Path.of(text.substring(0, at) + pair[1] + text.substring(at + pair[0].length()));
                if (Files.isRegularFile(original)) {
                    return original;
                }
            }
        }
        return built;
    }

    private static String repositoryRelative(Path file) {
        for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return dir.relativize(file).toString().replace('\\', '/');
            }
        }
        return file.toString().replace('\\', '/');
    }

    /** Writes {@code annotations.txt} and {@code migratest.sarif} into {@code directory}; prints new annotations when on. */
    static void write(List<Content> sections, Path directory) throws IOException {
        List<Annotation> annotations = annotations(sections);
        Path text = directory.resolve("annotations.txt");
        Set<String> earlier = Files.isRegularFile(text)
                ? new HashSet<>(Files.readAllLines(text, StandardCharsets.UTF_8)) : Set.of();
        List<String> lines = annotations.stream().map(PullRequestAnnotations::command).distinct().toList();
        Files.writeString(text, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("migratest.sarif"), JSON.writeValueAsString(sarif(annotations)),
                StandardCharsets.UTF_8);
        if (Settings.fromEnvironment().get(Setting.GITHUB_ANNOTATIONS)) {
            // the report is rewritten as tests finish: each annotation is printed once
            print(lines.stream().filter(line -> !earlier.contains(line)).toList(), System.out);
        }
    }

    static void print(List<String> lines, PrintStream out) {
        lines.forEach(out::println);
        out.flush();
    }

    static List<Annotation> annotations(List<Content> sections) {
        List<Annotation> annotations = new ArrayList<>();
        for (Content section : sections) {
            for (Outcome outcome : section.outcomes()) {
                if (outcome.status() != Outcome.Status.FAILED) {
                    continue;
                }
                String file = null;
                int line = 0;
                for (String detail : outcome.firstDifferences()) {
                    Matcher m = LOCATED.matcher(detail);
                    if (m.matches()) {
                        file = m.group(1);
                        line = Integer.parseInt(m.group(2));
                        break;
                    }
                }
                String title = "Migratest " + outcome.name() + (outcome.subject().isEmpty() ? "" : " · " + outcome.subject())
                        + " (" + section.scope().engine() + ")";
                annotations.add(new Annotation(rule(outcome.name()), title, outcome.message(), file, line));
            }
        }
        return annotations;
    }

    /** A GitHub Actions workflow command: properties and message escaped as the runner reads them. */
    static String command(Annotation annotation) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (annotation.file() != null) {
            properties.put("file", annotation.file());
            properties.put("line", Integer.toString(annotation.line()));
        }
        properties.put("title", annotation.title());
        List<String> parts = new ArrayList<>();
        properties.forEach((key, value) -> parts.add(key + "=" + escapeProperty(value)));
        return "::error " + String.join(",", parts) + "::" + escapeData(annotation.message());
    }

    private static String escapeData(String text) {
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String escapeProperty(String text) {
        return escapeData(text).replace(":", "%3A").replace(",", "%2C");
    }

    private static String rule(String check) {
        return check.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    static ObjectNode sarif(List<Annotation> annotations) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "Migratest");
        ArrayNode rules = driver.putArray("rules");
        Set<String> ruleIds = new HashSet<>();
        ArrayNode results = run.putArray("results");
        for (Annotation annotation : annotations) {
            if (ruleIds.add(annotation.rule())) {
                ObjectNode rule = rules.addObject();
                rule.put("id", annotation.rule());
                rule.putObject("shortDescription").put("text", "Migratest check: " + annotation.rule().replace('-', ' '));
            }
            ObjectNode result = results.addObject();
            result.put("ruleId", annotation.rule());
            result.put("level", "error");
            result.putObject("message").put("text", annotation.title() + ": " + annotation.message());
            if (annotation.file() != null) {
                ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
                physical.putObject("artifactLocation").put("uri", annotation.file());
                physical.putObject("region").put("startLine", annotation.line());
            }
        }
        return root;
    }
}
