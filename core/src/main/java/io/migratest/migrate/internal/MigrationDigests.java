package io.migratest.migrate.internal;

import io.migratest.MigratestException;
import io.migratest.db.Setting;
import io.migratest.db.TemplateKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * What a Flyway configuration migrates a database with, as digests of named parts for a
 * {@link TemplateKey}: every file under each location (SQL scripts and, since Flyway finds Java
 * migrations by scanning the location's package, the compiled Java steps with their inner
 * classes), the class bytes of Java migrations and callbacks given in code, and the settings
 * that change what a migration does. Read from the class path and the file system, without a
 * database.
 */
public final class MigrationDigests {

    private MigrationDigests() {
    }

    public static Map<String, String> of(Configuration configuration) {
        Map<String, String> digests = new TreeMap<>();
        ClassLoader loader = configuration.getClassLoader();
        for (Location location : configuration.getLocations()) {
            String prefix = String.valueOf(location.getPrefix());
            if (prefix.startsWith("classpath")) {
                classPath(loader, location.getRootPath(), digests);
            } else if (prefix.startsWith("filesystem")) {
                directory(Path.of(location.getRootPath()), location.getRootPath(), digests);
            } else {
                // a cloud location cannot be read here: its name is all the key can hold
                digests.put("location " + location.getDescriptor(), "unread");
            }
        }
        for (JavaMigration migration : configuration.getJavaMigrations()) {
            digests.put("java step " + migration.getClass().getName(), classDigest(migration.getClass()));
        }
        for (Callback callback : configuration.getCallbacks()) {
            // Migratest's own callbacks (report, watchdog) do not change the data
            if (!callback.getClass().getName().startsWith("io.migratest.")) {
                digests.put("callback " + callback.getClass().getName(), classDigest(callback.getClass()));
            }
        }
        digests.put("flyway settings", TemplateKey.sha256(settings(configuration).getBytes(StandardCharsets.UTF_8)));
        return digests;
    }

    private static String settings(Configuration c) {
        return String.join("\n",
                "locations=" + Arrays.toString(c.getLocations()),
                "placeholders=" + new TreeMap<>(c.getPlaceholders()),
                "placeholderReplacement=" + c.isPlaceholderReplacement() + " " + c.getPlaceholderPrefix()
                        + c.getPlaceholderSuffix() + c.getPlaceholderSeparator(),
                "schemas=" + Arrays.toString(c.getSchemas()) + " default=" + c.getDefaultSchema()
                        + " create=" + c.isCreateSchemas(),
                "table=" + c.getTable() + " tablespace=" + c.getTablespace(),
                "baseline=" + c.getBaselineVersion() + " onMigrate=" + c.isBaselineOnMigrate(),
                "naming=" + c.getSqlMigrationPrefix() + " " + c.getRepeatableSqlMigrationPrefix() + " "
                        + c.getSqlMigrationSeparator() + " " + Arrays.toString(c.getSqlMigrationSuffixes()),
                "encoding=" + c.getEncoding() + " detect=" + c.isDetectEncoding(),
                "initSql=" + c.getInitSql(),
                "outOfOrder=" + c.isOutOfOrder() + " mixed=" + c.isMixed() + " group=" + c.isGroup()
                        + " transaction=" + c.isExecuteInTransaction(),
                "target=" + c.getTarget() + " cherryPick=" + Arrays.toString(c.getCherryPick()),
                "resolvers=" + Arrays.stream(c.getResolvers()).map(r -> r.getClass().getName()).toList()
                        + " skipDefault=" + c.isSkipDefaultResolvers() + " skipDefaultCallbacks="
                        + c.isSkipDefaultCallbacks());
    }

    private static void classPath(ClassLoader loader, String root, Map<String, String> digests) {
        String folder = root.replaceAll("^/+", "").replaceAll("/+$", "");
        try {
            Enumeration<URL> urls = loader.getResources(folder);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if (url.getProtocol().equals("file")) {
                    directory(Path.of(url.toURI()), folder, digests);
                } else if (url.getProtocol().equals("jar")) {
                    jar(url, folder, digests);
                } else {
                    digests.put("location " + url, "unread");
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new MigratestException("Could not read the migrations in classpath:" + folder + " to name their"
                    + " template: " + e.getMessage() + " => check the location, or set " + Setting.TEMPLATES_CACHE.key() + "=false", e);
        }
    }

    private static void directory(Path directory, String name, Map<String, String> digests) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.filter(Files::isRegularFile).sorted().forEach(file -> {
                String relative = directory.relativize(file).toString().replace('\\', '/');
                try {
                    digests.put("migration " + name + "/" + relative, TemplateKey.sha256(Files.readAllBytes(file)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new MigratestException("Could not read the migrations in " + directory + " to name their template: "
                    + e.getMessage() + " => check that the files are readable", e);
        }
    }

    private static void jar(URL url, String folder, Map<String, String> digests) throws IOException {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.isDirectory() && entry.getName().startsWith(folder + "/")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        digests.put("migration " + entry.getName(), TemplateKey.sha256(in.readAllBytes()));
                    }
                }
            }
        }
    }

    private static String classDigest(Class<?> type) {
        String resource = type.getName().replace('.', '/') + ".class";
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            // a class made at run time has no bytes to read: its name stands in
            return in == null ? "generated" : TemplateKey.sha256(in.readAllBytes());
        } catch (IOException e) {
            throw new MigratestException("Could not read class " + type.getName() + " to name its template: "
                    + e.getMessage() + " => check the class path", e);
        }
    }
}
