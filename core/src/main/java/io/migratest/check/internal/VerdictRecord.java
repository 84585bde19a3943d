package io.migratest.check.internal;

import io.migratest.check.CheckResult;
import io.migratest.db.TemplateKey;
import io.migratest.report.Outcome;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A kept verdict: the key of a check whose every step passed, when, and each step's result, in a
 * properties file of its own per lineage (check, engine, test class). The file carries a
 * checksum of everything else in it, so a truncated or edited record is refused, never read as a
 * pass; it is written to a temporary file and moved into place atomically, so a reader in another
 * thread or JVM sees the old record or the new one, never half of one.
 *
 * @param hash    the key's hash
 * @param label   what the verdict is for, as the report names it
 * @param parts   the key's parts, to name what changed when a later key differs
 * @param madeAt  when the run that produced it ended
 * @param results each step's result, in order; all passed
 */
record VerdictRecord(String hash, String label, SortedMap<String, String> parts, Instant madeAt,
        List<CheckResult> results) {

    private static final String FORMAT = "migratest kept verdict 1";
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
            .withZone(ZoneOffset.UTC);

    VerdictRecord {
        parts = Collections.unmodifiableSortedMap(new TreeMap<>(parts));
        results = List.copyOf(results);
    }

    /** The file of {@code key}'s lineage: one record per check, engine and test class, the latest pass. */
    static String fileName(VerdictKey key) {
        return key.lineage().substring(0, 32) + ".properties";
    }

    /** {@link #madeAt} to the minute, e.g. {@code 2026-12-07T22:10Z}. */
    String madeAtText() {
        return MINUTES.format(madeAt);
    }

    /**
     * The record in {@code file}, or empty when there is none.
     *
     * @throws IllegalStateException or {@link UncheckedIOException} when it is unreadable or damaged (the message says how)
     */
    static Optional<VerdictRecord> read(Path file) {
        Optional<Map<String, String>> entries = readEntries(file, FORMAT, "kept verdict");
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(entries.get()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("damaged: " + e.getMessage(), e);
        }
    }

    /**
     * The entries of a checksummed properties file of {@code format} (without its checksum), or
     * empty when there is none; what {@link #writeEntries} wrote.
     *
     * @throws IllegalStateException or {@link UncheckedIOException} when it is unreadable, of another format or damaged
     */
    static Optional<Map<String, String>> readEntries(Path file, String format, String what) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("not a properties file: " + e.getMessage(), e);
        }
        Map<String, String> entries = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> entries.put(name, properties.getProperty(name)));
        String checksum = entries.remove("checksum");
        if (!format.equals(entries.get("format"))) {
            throw new IllegalStateException("not a " + what + " of this Migratest (format " + entries.get("format") + ")");
        }
        if (checksum == null || !checksum.equals(checksum(entries))) {
            throw new IllegalStateException("its checksum does not match its content");
        }
        return Optional.of(entries);
    }

    /** Writes this record to {@code file}, replacing an earlier one atomically. */
    void write(Path file) {
        Map<String, String> entries = new TreeMap<>();
        entries.put("format", FORMAT);
        entries.put("hash", hash);
        entries.put("label", label);
        entries.put("madeAt", madeAt.toString());
        parts.forEach((name, digest) -> entries.put("part." + name, digest));
        entries.put("steps", String.valueOf(results.size()));
        for (int i = 0; i < results.size(); i++) {
            CheckResult result = results.get(i);
            String step = "step." + i + ".";
            entries.put(step + "check", result.check());
            entries.put(step + "subject", result.subject());
            entries.put(step + "message", result.message());
            entries.put(step + "millis", String.valueOf(result.millis()));
            entries.put(step + "details", String.valueOf(result.details().size()));
            for (int j = 0; j < result.details().size(); j++) {
                entries.put(step + "detail." + j, result.details().get(j));
            }
            String measure = step + "measure.";
            result.measurements().forEach((name, value) -> entries.put(measure + name, String.valueOf(value)));
        }
        writeEntries(file, entries, label);
    }

    /**
     * Writes {@code entries} (one of them {@code format}) with their checksum to {@code file},
     * replacing an earlier file atomically.
     */
    static void writeEntries(Path file, Map<String, String> entries, String comment) {
        Map<String, String> all = new TreeMap<>(entries);
        all.put("checksum", checksum(all));
        Properties properties = new Properties();
        properties.putAll(all);
        try {
            Files.createDirectories(file.getParent());
            StringWriter text = new StringWriter();
            properties.store(text, comment);
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temporary, text.toString(), StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException("the file system cannot replace a file atomically", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static VerdictRecord parse(Map<String, String> entries) {
        SortedMap<String, String> parts = new TreeMap<>();
        entries.forEach((name, value) -> {
            if (name.startsWith("part.")) {
                parts.put(name.substring("part.".length()), value);
            }
        });
        int steps = Integer.parseInt(required(entries, "steps"));
        if (steps < 1) {
            throw new IllegalStateException("no steps");
        }
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            String step = "step." + i + ".";
            List<String> details = new ArrayList<>();
            int count = Integer.parseInt(required(entries, step + "details"));
            for (int j = 0; j < count; j++) {
                details.add(required(entries, step + "detail." + j));
            }
            Map<String, Long> measurements = new LinkedHashMap<>();
            String measure = step + "measure.";
            entries.forEach((name, value) -> {
                if (name.startsWith(measure)) {
                    measurements.put(name.substring(measure.length()), Long.parseLong(value));
                }
            });
            results.add(new CheckResult(required(entries, step + "check"), required(entries, step + "subject"),
                    Outcome.Status.PASSED, required(entries, step + "message"), details, measurements,
                    Long.parseLong(required(entries, step + "millis"))));
        }
        return new VerdictRecord(required(entries, "hash"), required(entries, "label"), parts,
                Instant.parse(required(entries, "madeAt")), results);
    }

    private static String required(Map<String, String> entries, String name) {
        String value = entries.get(name);
        if (value == null) {
            throw new IllegalStateException("no " + name);
        }
        return value;
    }

    /** The SHA-256 of every entry but the checksum, in name order. */
    private static String checksum(Map<String, String> entries) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(entries).forEach((name, value) -> {
            if (!name.equals("checksum")) {
                text.append(name).append('=').append(value).append('\n');
            }
        });
        return TemplateKey.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
