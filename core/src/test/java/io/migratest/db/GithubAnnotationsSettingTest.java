package io.migratest.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** On GitHub Actions, failures are printed as annotations unless the setting says otherwise. */
class GithubAnnotationsSettingTest {

    private static Settings read(Map<String, String> properties, Map<String, String> environment,
            Map<String, String> parameters) {
        return Settings.read(properties, environment, key -> Optional.ofNullable(parameters.get(key)), Set.of());
    }

    @Test
    void github_actions_turns_annotations_on_and_the_setting_wins() {
        assertThat(read(Map.of(), Map.of(), Map.of()).get(Setting.GITHUB_ANNOTATIONS)).isFalse();
        assertThat(read(Map.of(), Map.of("GITHUB_ACTIONS", "true"), Map.of()).get(Setting.GITHUB_ANNOTATIONS))
                .isTrue();
        assertThat(read(Map.of(), Map.of("GITHUB_ACTIONS", "true"),
                Map.of("migratest.githubAnnotations", "false")).get(Setting.GITHUB_ANNOTATIONS)).isFalse();
        assertThat(read(Map.of(), Map.of("MIGRATEST_GITHUB_ANNOTATIONS", "true"), Map.of())
                .get(Setting.GITHUB_ANNOTATIONS)).isTrue();
    }
}
