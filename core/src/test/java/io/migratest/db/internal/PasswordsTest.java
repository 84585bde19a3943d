package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.db.Engine;
import io.migratest.db.InvalidSettingException;
import io.migratest.db.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's password from a file, so that it need not be a system property Surefire reports. */
class PasswordsTest {

    @Test
    void a_password_file_wins_over_the_password_setting(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("pg.pass"), "from file \n");
        Settings settings = Settings.of("migratest.postgres.password", "given",
                "migratest.postgres.passwordFile", file.toString());
        assertThat(Passwords.of(Engine.POSTGRES, settings)).isEqualTo("from file ");
        assertThat(Passwords.of(Engine.POSTGRES, Settings.of("migratest.postgres.password", "given"))).isEqualTo("given");
        assertThat(settings.toString()).doesNotContain("given").contains("pg.pass");
    }

    @Test
    void a_missing_password_file_names_the_setting_and_the_file(@TempDir Path dir) {
        Path missing = dir.resolve("nope.pass");
        Settings settings = Settings.of("migratest.mariadb.passwordFile", missing.toString());
        assertThatThrownBy(() -> Passwords.of(Engine.MARIADB, settings))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContainingAll("Cannot read migratest.mariadb.passwordFile", missing.toString(),
                        "=> create the file");
    }

    @Test
    void the_server_provider_connects_with_the_password_from_the_file(@TempDir Path dir) throws IOException {
        // MariaDB's root has no password here: a wrong one in the file must be the one used
        Path file = Files.writeString(dir.resolve("wrong.pass"), "s3cret-pw\n");
        Settings settings = Settings.of("migratest.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/",
                "migratest.mariadb.passwordFile", file.toString());
        assertThat(new ServerProvider().unavailableReason(Engine.MARIADB, settings))
                .contains("Access denied for user 'root'", "using password: YES")
                .doesNotContain("s3cret-pw");
    }
}
