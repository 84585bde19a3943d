package io.migratest.check.internal;

import io.migratest.MigratestException;
import io.migratest.check.Schema;
import io.migratest.fixture.internal.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The migration files in Flyway locations, found by Migratest itself: Flyway's community
 * edition neither lists undo scripts ({@code U<version>__*.sql}) nor tells which two files share
 * a version before it fails, and both are what the checks need.
 */
public final class MigrationFiles {

    private static final Pattern NAME = Pattern.compile("^([VUR])([0-9][0-9._]*)?__(.+)\\.(sql|class)$");

    private MigrationFiles() {
    }

    /**
     * One file.
     *
     * @param prefix      {@code V}, {@code U} or {@code R}
     * @param version     the normalised version ({@code 1.1} for {@code V1_1__}), {@code null} for R
     * @param description the description as Flyway derives it
     * @param name        the file name, e.g. {@code V2__Create_users.sql}
     * @param where       where it was found, for messages
     * @param java        whether it is a Java migration class
     * @param content     the text of an SQL file, {@code null} for a class
     */
    public record MigrationFile(char prefix, String version, String description, String name, String where, boolean java,
            String content) {

        /**
         * Flyway's checksum of an SQL file: CRC32 of its lines without line breaks and BOM, so the
         * value can be compared with {@code flyway_schema_history.checksum}. {@code null} for Java.
         */
        public Integer checksum() {
            if (content == null) {
                return null;
            }
            CRC32 crc = new CRC32();
            String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
            String[] lines = text.split("\r\n|\r|\n", -1);
            // As a BufferedReader reads it: a final line break does not start another line.
            int count = lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
            for (int i = 0; i < count; i++) {
                crc.update(lines[i].getBytes(StandardCharsets.UTF_8));
            }
            return (int) crc.getValue();
        }
    }

    /** Every migration file in {@code locations} (Flyway syntax), sorted by prefix and version. */
    public static List<MigrationFile> scan(List<String> locations, ClassLoader loader) {
        List<MigrationFile> files = new ArrayList<>();
        for (String location : locations) {
            if (location.startsWith("filesystem:")) {
                Path dir = Paths.get(location.substring("filesystem:".length()));
                if (Files.isDirectory(dir)) {
                    walk(dir, location, files);
                }
                continue;
            }
            String path = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
            path = path.replaceAll("^/+", "").replaceAll("/+$", "");
            try {
                Enumeration<URL> urls = loader.getResources(path);
                while (urls.hasMoreElements()) {
                    URL url = urls.nextElement();
                    if (url.getProtocol().equals("file")) {
                        walk(Paths.get(url.toURI()), location, files);
                    } else if (url.getProtocol().equals("jar")) {
                        readJar(url, path, location, files);
                    }
                }
            } catch (IOException | URISyntaxException e) {
                throw new MigratestException("Could not list the migrations in " + location + ": " + e.getMessage(), e);
            }
        }
        files.sort(Comparator.comparing((MigrationFile f) -> f.prefix())
                .thenComparing(f -> f.version() == null ? MigrationVersion.EMPTY : MigrationVersion.fromVersion(f.version()))
                .thenComparing(MigrationFile::name));
        return files;
    }

    /** The file of the versioned migration {@code version}, if one was found. */
    public static Optional<MigrationFile> versioned(List<MigrationFile> files, String version) {
        return files.stream().filter(f -> f.prefix() == 'V' && version.equals(f.version())).findFirst();
    }

    private static void walk(Path dir, String location, List<MigrationFile> files) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.filter(Files::isRegularFile).forEach(p -> parse(p.getFileName().toString(), location + " (" + p + ")",
                    () -> readText(p)).ifPresent(files::add));
        } catch (IOException e) {
            throw new MigratestException("Could not list the migrations in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void readJar(URL url, String path, String location, List<MigrationFile> files) throws IOException {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().startsWith(path + "/")) {
                    continue;
                }
                String simple = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                parse(simple, location + " (" + entry.getName() + ")", () -> {
                    try (InputStream in = jar.getInputStream(entry)) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).ifPresent(files::add);
            }
        }
    }

    private interface Text {
        String read();
    }

    private static Optional<MigrationFile> parse(String fileName, String where, Text text) {
        if (fileName.contains("$")) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(fileName);
        if (!m.matches() || (m.group(1).charAt(0) != 'R' && m.group(2) == null)) {
            return Optional.empty();
        }
        boolean java = m.group(4).equals("class");
        String version = m.group(2) == null ? null : MigrationVersion.fromVersion(m.group(2).replace('_', '.')).getVersion();
        return Optional.of(new MigrationFile(m.group(1).charAt(0), version, m.group(3).replace('_', ' '),
                java ? fileName.substring(0, fileName.length() - ".class".length()) : fileName, where, java,
                java ? null : text.read()));
    }

    private static String readText(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tables of {@code schema} (those that exist before the migration) that a statement of
     * {@code file} names, at most {@code max}; every table for a Java migration or a file not
     * found. A table named only in a comment is not touched.
     */
    static List<Schema.Table> touchedTables(Schema schema, Optional<MigrationFile> file, int max) {
        List<Schema.Table> tables = schema.tables();
        if (file.isPresent() && file.get().content() != null) {
            StringBuilder statements = new StringBuilder();
            SqlScript.split(file.get().content(), false).forEach(s -> statements.append(s.sql()).append('\n'));
            String sql = statements.toString().toLowerCase(Locale.ROOT);
            tables = tables.stream().filter(t -> Pattern.compile("(?<![a-z0-9_$])" + Pattern.quote(t.name().toLowerCase(Locale.ROOT))
                    + "(?![a-z0-9_$])").matcher(sql).find()).toList();
        }
        return tables.size() > max ? tables.subList(0, max) : tables;
    }
}
