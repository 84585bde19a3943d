package io.migratest.check.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migratest.MigratestException;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The committed baseline of the linear-history check: each migration applied on the main branch
 * with Flyway's checksum, as JSON.
 */
public final class BaselineFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BaselineFile() {
    }

    /**
     * One migration in the baseline.
     *
     * @param version     its version
     * @param description its description
     * @param script      its file or class name
     * @param checksum    Flyway's checksum, {@code null} for Java migrations
     */
    public record Entry(String version, String description, String script, Integer checksum) {
    }

    /**
     * The baseline file of {@code engine}: {@code baseline.json} becomes {@code baseline-<engine>.json}
     * beside it, so histories with {@code {vendor}} folders keep one baseline per engine.
     */
    public static Path forEngine(Path configured, Engine engine) {
        String name = configured.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String perEngine = dot > 0 ? name.substring(0, dot) + "-" + engine.key() + name.substring(dot)
                : name + "-" + engine.key();
        return configured.resolveSibling(perEngine);
    }

    /** The entries of {@code file}, or empty when it does not exist. */
    public static Optional<List<Entry>> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            JsonNode migrations = root == null ? null : root.get("migrations");
            if (migrations == null || !migrations.isArray()) {
                throw broken(file, "it has no \"migrations\" array", null);
            }
            List<Entry> entries = new ArrayList<>();
            int index = 0;
            for (JsonNode node : migrations) {
                if (!node.hasNonNull("version")) {
                    throw broken(file, "entry " + index + " has no \"version\"", null);
                }
                entries.add(new Entry(node.get("version").asText(), text(node, "description"), text(node, "script"),
                        node.hasNonNull("checksum") ? Integer.valueOf(node.get("checksum").asInt()) : null));
                index++;
            }
            return Optional.of(entries);
        } catch (IOException e) {
            throw broken(file, e.getMessage(), e);
        }
    }

    public static void write(Path file, List<Entry> entries) {
        ObjectNode root = JSON.createObjectNode();
        root.put("comment", "Migrations applied on the main branch, written by Migratest's linear-history check."
                + " Do not edit applied migrations; refresh with -D" + Setting.UPDATE_BASELINE.key() + "=true after a merge.");
        ArrayNode array = root.putArray("migrations");
        for (Entry entry : entries) {
            ObjectNode node = array.addObject();
            node.put("version", entry.version());
            node.put("description", entry.description());
            node.put("script", entry.script());
            if (entry.checksum() == null) {
                node.putNull("checksum");
            } else {
                node.put("checksum", entry.checksum());
            }
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new MigratestException("Could not write the migration baseline " + file.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : "";
    }

    private static MigratestException broken(Path file, String why, Exception cause) {
        return new MigratestException("The migration baseline " + file.toAbsolutePath() + " cannot be read: " + why
                + " => fix the file, or delete it and run the tests with -D" + Setting.UPDATE_BASELINE.key() + "=true to write"
                + " it again from the migrations as they are", cause);
    }
}
