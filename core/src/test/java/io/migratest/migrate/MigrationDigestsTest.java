package io.migratest.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.Engine;
import io.migratest.migrate.internal.MigrationDigests;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What names a template: the digests change with a script, a Java step's class file or a Flyway setting. */
class MigrationDigestsTest {

    @TempDir
    Path classes;

    @Test
    void a_recompiled_java_step_changes_its_digest_and_no_other() throws IOException {
        Path folder = Files.createDirectories(classes.resolve("db/steps"));
        Files.writeString(folder.resolve("V1__create.sql"), "CREATE TABLE t (id INT);");
        Files.write(folder.resolve("V2__Backfill.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, 1});
        Map<String, String> before = digests("classpath:db/steps", Map.of());
        Files.write(folder.resolve("V2__Backfill.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, 2});
        Map<String, String> after = digests("classpath:db/steps", Map.of());

        assertThat(before).containsKeys("migration db/steps/V1__create.sql", "migration db/steps/V2__Backfill.class");
        assertThat(after.get("migration db/steps/V2__Backfill.class"))
                .isNotEqualTo(before.get("migration db/steps/V2__Backfill.class"));
        assertThat(after.get("migration db/steps/V1__create.sql")).isEqualTo(before.get("migration db/steps/V1__create.sql"));
        assertThat(after.get("flyway settings")).isEqualTo(before.get("flyway settings"));
    }

    @Test
    void a_flyway_setting_changes_the_settings_digest() throws IOException {
        Files.createDirectories(classes.resolve("db/steps"));
        Map<String, String> plain = digests("classpath:db/steps", Map.of());
        Map<String, String> placeholder = digests("classpath:db/steps", Map.of("owner", "app"));

        assertThat(placeholder.get("flyway settings")).isNotEqualTo(plain.get("flyway settings"));
    }

    @Test
    void an_unconnected_migrator_digests_the_locations_files_and_the_engine() {
        Map<String, String> postgres = Migrator.configureUnconnected(Engine.POSTGRES)
                .locations("classpath:migrations/basic").load().contentDigests();
        Map<String, String> mariadb = Migrator.configureUnconnected(Engine.MARIADB)
                .locations("classpath:migrations/basic").load().contentDigests();

        assertThat(postgres.keySet()).anyMatch(part -> part.startsWith("migration migrations/basic/V1"));
        assertThat(postgres.get("flyway settings")).as("the migratest.engine placeholder differs")
                .isNotEqualTo(mariadb.get("flyway settings"));
    }

    private Map<String, String> digests(String location, Map<String, String> placeholders) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            FluentConfiguration configuration = Flyway.configure(loader).locations(location).placeholders(placeholders);
            return MigrationDigests.of(configuration);
        }
    }
}
