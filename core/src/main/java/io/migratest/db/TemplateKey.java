package io.migratest.db;

import io.migratest.MigratestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a seeded template is made of, as named parts and the digest of each: every migration file
 * and Java step class, each fixture, the Flyway settings. Two templates with equal parts hold the
 * same data, so a server may keep one and hand it out again in a later run
 * ({@link DatabaseServer#template}); the server adds its engine and version to the key itself.
 *
 * <pre>{@code
 * TemplateKey key = TemplateKey.builder("OrdersTest @Seed(atVersion=1, users.csv)")
 *         .digests(migrator.contentDigests())
 *         .fixture("fixtures/users.csv")
 *         .build();
 * }</pre>
 *
 * @param label   what the template is for, in the report and in messages; templates with one label
 *                are compared to name the part that changed
 * @param digests each part's name and the SHA-256 of its content, in name order
 */
public record TemplateKey(String label, SortedMap<String, String> digests) {

    public TemplateKey {
        digests = Collections.unmodifiableSortedMap(new TreeMap<>(digests));
    }

    /** Starts a key for the template described by {@code label}. */
    public static Builder builder(String label) {
        return new Builder(label);
    }

    /** The SHA-256, in hex, of every part's name and digest, plus {@code extra} parts (e.g. the server version). */
    public String hash(Map<String, String> extra) {
        SortedMap<String, String> all = new TreeMap<>(digests);
        all.putAll(extra);
        StringBuilder text = new StringBuilder();
        all.forEach((name, digest) -> text.append(name).append('=').append(digest).append('\n'));
        return sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of {@code content}, in lower-case hex. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Collects a key's parts; a part added twice keeps the last digest. */
    public static final class Builder {

        private final String label;
        private final Map<String, String> digests = new LinkedHashMap<>();

        private Builder(String label) {
            this.label = label;
        }

        /** A part whose content is {@code text}, e.g. the order and versions of the seeds. */
        public Builder text(String part, String text) {
            digests.put(part, sha256(text.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        /** Parts digested elsewhere, e.g. {@code Migrator.contentDigests()}. */
        public Builder digests(Map<String, String> parts) {
            digests.putAll(parts);
            return this;
        }

        /**
         * A fixture, found as the loaders find it: on the class path first, then as a file path.
         * A fixture that is nowhere is a part too, so that its appearing changes the key; loading
         * it reports the error.
         */
        public Builder fixture(String fixture) {
            String resource = fixture.startsWith("/") ? fixture.substring(1) : fixture;
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            try (InputStream in = loader == null ? null : loader.getResourceAsStream(resource)) {
                if (in != null) {
                    digests.put("fixture " + fixture, sha256(in.readAllBytes()));
                    return this;
                }
                Path path = Path.of(fixture);
                digests.put("fixture " + fixture, Files.isRegularFile(path) ? sha256(Files.readAllBytes(path)) : "missing");
                return this;
            } catch (IOException e) {
                throw new MigratestException("Could not read fixture " + fixture + " to name its template: "
                        + e.getMessage() + " => check that the file is readable", e);
            }
        }

        public TemplateKey build() {
            return new TemplateKey(label, new TreeMap<>(digests));
        }
    }
}
