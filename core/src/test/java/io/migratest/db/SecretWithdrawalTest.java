package io.migratest.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A password given as a system property leaves the system properties (which Surefire copies into
 * its XML reports) and still counts as a system property for the settings; nothing else is taken.
 */
class SecretWithdrawalTest {

    @Test
    void secrets_leave_the_system_properties_and_still_reach_the_settings() {
        System.setProperty("migratest.mariadb.password", "withdrawn-secret");
        System.setProperty("migratest.mariadb.user", "kept-user");
        try {
            Map<String, String> withdrawn = Settings.withdrawSecretSystemProperties();

            assertThat(withdrawn).containsExactly(Map.entry("migratest.mariadb.password", "withdrawn-secret"));
            assertThat(System.getProperty("migratest.mariadb.password")).isNull();
            assertThat(System.getProperty("migratest.mariadb.user")).as("not a secret").isEqualTo("kept-user");
            Settings settings = Settings.from(key -> Optional.empty(), withdrawn);
            assertThat(settings.get(Setting.password(Engine.MARIADB))).isEqualTo("withdrawn-secret");
            assertThat(settings.source(Setting.password(Engine.MARIADB)).orElseThrow().source())
                    .isEqualTo(Settings.Source.SYSTEM_PROPERTY);
            assertThat(settings.toString()).doesNotContain("withdrawn-secret");
        } finally {
            System.clearProperty("migratest.mariadb.password");
            System.clearProperty("migratest.mariadb.user");
        }
    }
}
