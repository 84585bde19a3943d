package io.migratest.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README honest: every Java block in it that starts with a {@code // path} comment must
 * be exactly that file of the repository, which the build compiles and runs.
 */
class ReadmeExamplesTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n// (\\S+)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void readme_java_examples_are_the_compiled_sample_files() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("README.md"));
        Matcher matcher = JAVA_BLOCK.matcher(readme);
        List<String> checked = new ArrayList<>();
        while (matcher.find()) {
            Path file = root.resolve(matcher.group(1));
            assertThat(file).as("README names %s", matcher.group(1)).isRegularFile();
            assertThat(matcher.group(2))
                    .as("README block for %s must equal the file; copy the file into README.md", matcher.group(1))
                    .isEqualTo(Files.readString(file));
            checked.add(matcher.group(1));
        }
        assertThat(checked).as("README java blocks with a // path comment").isNotEmpty();
    }
}
