package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.db.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two JVMs that ask for the same kept template at the same moment build it once between them,
 * on the machine's PostgreSQL, MariaDB and MySQL through the server provider: each starts its
 * server, then both are let go at once (see {@link KeptTemplateClient}); one builds, slowly, the
 * other waits on the template's server lock and reuses what the first built. The key holds a
 * random part, so no other run's template can be found instead of built; the template is
 * dropped after the test.
 *
 * <p>Without the lock both would find no marker: the second would then either fail to create a
 * database that the first just created (its JVM fails) or drop the first's and build again
 * (two builds), so the test fails either way. That both asked while the build ran is checked
 * too, so that the test cannot pass merely because one JVM came late.
 */
class TemplateCacheAcrossJvmsTest {

    private static final Pattern ASKED = Pattern.compile("^ASKED (\\d+)$");
    private static final Pattern TEMPLATE = Pattern.compile("^TEMPLATE (\\S+) reused=(true|false) GOT (\\d+)$");

    @ParameterizedTest
    @EnumSource(Engine.class)
    void two_jvms_asking_at_once_build_the_template_once(Engine engine, @TempDir Path dir) throws Exception {
        Settings settings = serverOrSkip(engine);
        String unique = UUID.randomUUID().toString();
        List<Process> jvms = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                jvms.add(startJvm(engine, settings, unique, dir, i));
            }
            awaitReady(dir, jvms);
            Files.createFile(dir.resolve("go"));
            // both end before either is judged, so that a build still running is not cut short and left behind
            List<Integer> exits = new ArrayList<>();
            for (Process jvm : jvms) {
                exits.add(jvm.waitFor());
            }
            for (int i = 0; i < jvms.size(); i++) {
                assertThat(exits.get(i)).as("exit of JVM %s:\n%s", i, log(dir, i)).isZero();
            }
            List<Answer> answers = List.of(answer(dir, 0), answer(dir, 1));

            List<Path> builds = builds(dir);
            assertThat(builds).as("builds across both JVMs; their logs:\n%s\n%s", log(dir, 0), log(dir, 1)).hasSize(1);
            assertThat(answers).extracting(Answer::template).as("the template each JVM got")
                    .containsOnly(answers.get(0).template()).allMatch(name -> TemplateCache.NAME.matcher(name).matches());
            assertThat(answers).extracting(Answer::reused).as("whether each JVM reused it").containsExactlyInAnyOrder(false, true);
            int builder = answers.get(0).reused() ? 1 : 0;
            assertThat(builds.get(0).getFileName()).as("the JVM that built it").hasToString("build-" + builder);

            long[] build = Stream.of(Files.readString(builds.get(0)).trim().split(" ")).mapToLong(Long::parseLong).toArray();
            assertThat(build).as("the build's start and end").hasSize(2);
            assertThat(answers).extracting(Answer::asked).as("when each JVM asked, the build having ended at %s", build[1])
                    .allMatch(asked -> asked < build[1]);
            assertThat(answers.get(1 - builder).got()).as("when the other JVM got it, after waiting for the build")
                    .isGreaterThanOrEqualTo(build[1]);
        } finally {
            jvms.forEach(Process::destroyForcibly);
            for (Process jvm : jvms) {
                jvm.waitFor();
            }
            drop(engine, settings, printedTemplates(dir, jvms.size()));
        }
    }

    /**
     * The server of {@code engine}: the one the environment names ({@code MIGRATEST_<ENGINE>_URL}),
     * else the machine's own as in {@link TemplateCacheTest}. One that does not answer skips the
     * test, or fails it when {@code migratest.requireEngines} is set, as {@code TestServers} does.
     */
    private static Settings serverOrSkip(Engine engine) {
        Settings environment = Settings.fromEnvironment();
        Settings settings = environment.find(Setting.url(engine)).isPresent() ? environment : TemplateCacheTest.local(engine);
        String reason = new ServerProvider().unavailableReason(engine, settings);
        if (reason != null && environment.get(Setting.REQUIRE_ENGINES)) {
            throw new AssertionError("No " + engine + " server (migratest.requireEngines is set): " + reason);
        }
        Assumptions.assumeTrue(reason == null, () -> "No " + engine + " server: " + reason
                + "\n(set migratest.requireEngines=true to fail instead of skipping)");
        return settings;
    }

    /**
     * A JVM on this test's class path, its output in {@code jvm-<i>.log}. The server's settings go
     * in its environment, the password included, so that no command line shows it. Its wait for
     * the template's lock is bounded by {@link Setting#MIGRATION_STEP_TIMEOUT} (ten times it), here
     * two minutes, so that a lock never released fails that JVM instead of holding up the test.
     */
    private static Process startJvm(Engine engine, Settings settings, String unique, Path dir, int i) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KeptTemplateClient.class.getName(),
                engine.name(), unique, Integer.toString(i), dir.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("jvm-" + i + ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put(Setting.url(engine).environmentName(), settings.find(Setting.url(engine)).orElseThrow());
        environment.put(Setting.user(engine).environmentName(), settings.get(Setting.user(engine)));
        environment.put(Setting.password(engine).environmentName(), Passwords.of(engine, settings));
        environment.remove(Setting.passwordFile(engine).environmentName());
        environment.put(Setting.TEMPLATES_CACHE.environmentName(), "true");
        environment.put(Setting.MIGRATION_STEP_TIMEOUT.environmentName(), "12");
        return builder.start();
    }

    /** Waits until every JVM has its server; a JVM that ends before fails the test with its output. */
    private static void awaitReady(Path dir, List<Process> jvms) throws IOException, InterruptedException {
        for (int i = 0; i < jvms.size(); i++) {
            Path ready = dir.resolve("ready-" + i);
            while (!Files.exists(ready)) {
                if (!jvms.get(i).isAlive() && !Files.exists(ready)) {
                    throw new AssertionError("JVM " + i + " ended (exit " + jvms.get(i).exitValue()
                            + ") before it had its server:\n" + log(dir, i));
                }
                Thread.sleep(20);
            }
        }
    }

    /** What JVM {@code i} printed: when it asked, and the template it got. */
    private record Answer(long asked, String template, boolean reused, long got) {
    }

    private static Answer answer(Path dir, int i) throws IOException {
        Long asked = null;
        Matcher got = null;
        for (String line : Files.readAllLines(dir.resolve("jvm-" + i + ".log"))) {
            Matcher askedLine = ASKED.matcher(line);
            Matcher templateLine = TEMPLATE.matcher(line);
            if (askedLine.matches()) {
                asked = Long.parseLong(askedLine.group(1));
            } else if (templateLine.matches()) {
                got = templateLine;
            }
        }
        if (asked == null || got == null) {
            throw new AssertionError("JVM " + i + " did not say when it asked and what it got:\n" + log(dir, i));
        }
        return new Answer(asked, got.group(1), Boolean.parseBoolean(got.group(2)), Long.parseLong(got.group(3)));
    }

    private static List<Path> builds(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().startsWith("build-")).sorted().toList();
        }
    }

    /** The templates the JVMs named: what the test made, to drop. */
    private static List<String> printedTemplates(Path dir, int jvms) throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < jvms; i++) {
            Path log = dir.resolve("jvm-" + i + ".log");
            if (Files.exists(log)) {
                Files.readAllLines(log).stream().map(TEMPLATE::matcher).filter(Matcher::matches)
                        .map(line -> line.group(1)).filter(name -> !names.contains(name)).forEach(names::add);
            }
        }
        return names;
    }

    private static void drop(Engine engine, Settings settings, List<String> templates) {
        if (templates.isEmpty()) {
            return;
        }
        try (DatabaseServer cleaner = new ServerProvider().start(engine, settings);
                TestDatabase any = ((ManagedServer) cleaner).createDatabase();
                Connection connection = any.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            for (String name : templates) {
                statement.execute(Dialect.of(engine).dropDatabase(name));
            }
        } catch (SQLException e) {
            throw new AssertionError("Could not drop the templates " + templates + ": " + e.getMessage(), e);
        }
    }

    private static String log(Path dir, int i) throws IOException {
        Path log = dir.resolve("jvm-" + i + ".log");
        return Files.exists(log) ? Files.readString(log) : "(no output)";
    }
}
