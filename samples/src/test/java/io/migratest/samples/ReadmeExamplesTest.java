package io.migratest.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README honest: every Java or properties block in it that starts with a {@code // path}
 * or {@code # path} comment must be exactly that file of the repository, which the build compiles
 * and runs; every XML block that starts with {@code <!-- path -->} must be a part of that file, as
 * the README's dependency snippet is of the consumer project {@code .ci/consumer.sh} builds.
 */
class ReadmeExamplesTest {

    private static final Pattern WHOLE_FILE_BLOCK =
            Pattern.compile("```(?:java\\n// |properties\\n# )(\\S+)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern XML_EXCERPT_BLOCK = Pattern.compile("```xml\\n<!-- (\\S+) -->\\n(.*?)```", Pattern.DOTALL);

    private final Path root = Path.of("").toAbsolutePath().getParent();

    @Test
    void readme_java_and_properties_examples_are_the_repository_files() throws IOException {
        Matcher matcher = WHOLE_FILE_BLOCK.matcher(readme());
        List<String> checked = new ArrayList<>();
        while (matcher.find()) {
            Path file = root.resolve(matcher.group(1));
            assertThat(file).as("README names %s", matcher.group(1)).isRegularFile();
            assertThat(matcher.group(2))
                    .as("README block for %s must equal the file; copy the file into README.md", matcher.group(1))
                    .isEqualTo(Files.readString(file));
            checked.add(matcher.group(1));
        }
        assertThat(checked).as("README blocks with a path comment")
                .isNotEmpty()
                .anyMatch(path -> path.endsWith(".properties"));
    }

    @Test
    void readme_xml_snippets_are_parts_of_the_named_files() throws IOException {
        Matcher matcher = XML_EXCERPT_BLOCK.matcher(readme());
        List<String> checked = new ArrayList<>();
        while (matcher.find()) {
            Path file = root.resolve(matcher.group(1));
            assertThat(file).as("README names %s", matcher.group(1)).isRegularFile();
            // The snippet goes inside <project>, where the file indents it by two spaces.
            String indented = matcher.group(2).lines()
                    .map(line -> line.isEmpty() ? line : "  " + line)
                    .collect(Collectors.joining("\n", "", "\n"));
            assertThat(Files.readString(file))
                    .as("README's XML block for %s must be a part of the file (indented by two spaces);"
                            + " copy it from the file into README.md", matcher.group(1))
                    .contains(indented);
            checked.add(matcher.group(1));
        }
        assertThat(checked).as("README XML blocks with a path comment").contains("samples/consumer/pom.xml");
    }

    private String readme() throws IOException {
        return Files.readString(root.resolve("README.md"));
    }
}
