package io.migratest.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A password given as a system property, which Surefire reports in plain text, is warned about once. */
class SecretWarningTest {

    @Test
    void a_system_property_password_warns_once_with_the_safe_ways() {
        Setting<String> password = Setting.password(Engine.MARIADB);
        assertThat(SecretWarning.message(password)).contains("migratest.mariadb.password", "TEST-*.xml",
                "MIGRATEST_MARIADB_PASSWORD", "migratest.mariadb.passwordFile");

        Settings settings = Settings.read(Map.of("migratest.mariadb.password", "pw"), Map.of(), name -> Optional.empty(),
                Set.of());

        assertThat(settings.get(password)).isEqualTo("pw");
        assertThat(SecretWarning.onSystemProperty(password)).as("warned already while reading").isFalse();
        assertThat(settings.toString()).doesNotContain("pw").contains("****");
    }

    @Test
    void a_password_from_the_environment_does_not_warn() {
        Setting<String> password = Setting.password(Engine.MYSQL);
        Settings.read(Map.of(), Map.of("MIGRATEST_MYSQL_PASSWORD", "pw"), name -> Optional.empty(), Set.of());
        assertThat(SecretWarning.onSystemProperty(password)).as("first warning").isTrue();
    }
}
