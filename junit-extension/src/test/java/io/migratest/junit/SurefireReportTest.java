package io.migratest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a real Surefire writes for a migration test class: a scratch Maven project, a child of
 * Migratest's parent POM (so the same Surefire, its configuration and the plugin versions of this
 * build, offline), runs {@link EngineNamedSample} from this module's compiled tests with this
 * test's class path, and its {@code TEST-*.xml} must name each passing test method by its engine.
 * {@link SurefireNamesTest} covers the other kinds of test through the launcher.
 */
class SurefireReportTest {

    private static final Path ROOT_POM = Path.of("..", "pom.xml").toAbsolutePath().normalize();
    private static final String SAMPLE = EngineNamedSample.class.getName();

    @Test
    void surefire_names_each_passing_test_method_by_its_engine(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("pom.xml"), scratchPom(), StandardCharsets.UTF_8);
        Path log = project.resolve("build.log");
        Process maven = new ProcessBuilder(maven(), "-B", "-o", "-f", project.resolve("pom.xml").toString(), "test")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = maven.waitFor();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exit).as("the scratch project's build; its output:%n%s", output).isZero();

        Map<String, Element> cases = testcases(project.resolve("target/surefire-reports"));
        assertThat(cases).as("the XML's test cases").containsOnlyKeys(
                "migrates(Migrator) [POSTGRES][1]", "has_a_database(TestDatabase) [POSTGRES][1]");
        assertThat(cases.values()).as("each passed: no failure, error or skip beside it").allSatisfy(testcase -> assertThat(
                Stream.of("failure", "error", "skipped").mapToInt(kind -> testcase.getElementsByTagName(kind).getLength()).sum())
                .isZero());
        assertThat(output).as("the console's summary").contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0");
    }

    /** Every {@code testcase} of the report directory's XML files, by name. */
    private static Map<String, Element> testcases(Path reports) throws Exception {
        Map<String, Element> cases = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(reports)) {
            files = list.filter(file -> file.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
        }
        assertThat(files).as("Surefire's XML reports in %s", reports).isNotEmpty();
        for (Path file : files) {
            NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
                    .getElementsByTagName("testcase");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element testcase = (Element) nodes.item(i);
                assertThat(cases.put(testcase.getAttribute("name"), testcase)).as("%s named twice", testcase.getAttribute("name"))
                        .isNull();
            }
        }
        return cases;
    }

    /**
     * A child of Migratest's parent POM whose Surefire runs {@link EngineNamedSample} from this
     * module's test classes, on this test's class path (Migratest, JUnit, the drivers); JUnit
     * Jupiter is declared too, since Surefire picks its JUnit Platform provider by the project's
     * dependencies.
     */
    private static String scratchPom() throws IOException {
        String classPath = Arrays.stream(testClassPath().split(Pattern.quote(File.pathSeparator)))
                .filter(entry -> !entry.isBlank())
                .map(entry -> "            <additionalClasspathElement>" + xml(entry) + "</additionalClasspathElement>")
                .collect(Collectors.joining("\n"));
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>io.migratest</groupId>
                    <artifactId>migratest-parent</artifactId>
                    <version>%s</version>
                    <relativePath>%s</relativePath>
                  </parent>
                  <artifactId>surefire-report-scratch</artifactId>
                  <dependencies>
                    <dependency>
                      <groupId>org.junit.jupiter</groupId>
                      <artifactId>junit-jupiter</artifactId>
                      <scope>test</scope>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-surefire-plugin</artifactId>
                        <configuration>
                          <testClassesDirectory>%s</testClassesDirectory>
                          <includes>
                            <include>%s</include>
                          </includes>
                          <additionalClasspathElements>
                %s
                          </additionalClasspathElements>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(xml(parentVersion()), xml(ROOT_POM.toString()),
                xml(Path.of("target/test-classes").toAbsolutePath().toString()),
                "**/" + SAMPLE.substring(SAMPLE.lastIndexOf('.') + 1) + ".java", classPath);
    }

    /** This JVM's test class path: Surefire's property when it runs the test, else the JVM's own. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String parentVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>migratest-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT_POM, StandardCharsets.UTF_8));
        assertThat(version.find()).as("%s declares migratest-parent's version", ROOT_POM).isTrue();
        return version.group(1);
    }

    /** Maven from {@code maven.home} when the build passes it on, else {@code mvn} on the path. */
    private static String maven() {
        List<String> candidates = new ArrayList<>();
        String home = System.getProperty("maven.home");
        if (home != null) {
            candidates.add(Path.of(home, "bin", "mvn").toString());
        }
        return candidates.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst().orElse("mvn");
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
