package io.migratest.check;

import io.migratest.MigratestException;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * How the volume rehearsal ({@link Checks#volumeRehearsal(VolumeOptions)}) runs; immutable.
 *
 * <pre>{@code
 * VolumeOptions volume = VolumeOptions.builder()
 *         .sizes(10_000, 100_000, 1_000_000)
 *         .repeats(2)
 *         .productionRows("orders", 50_000_000)
 *         .build();
 * }</pre>
 *
 * @param sizes          rows per touched table at which each migration is timed, ascending, two or more
 * @param repeats        how many times the history runs at each size; each migration's fastest run counts
 * @param productionRows the production row count of each table, by lower-case table name
 */
public record VolumeOptions(List<Long> sizes, int repeats, Map<String, Long> productionRows) {

    public VolumeOptions {
        sizes = List.copyOf(new TreeSet<>(sizes));
        if (sizes.size() < 2 || sizes.get(0) < 1) {
            throw new IllegalArgumentException("the volume rehearsal needs two or more distinct sizes of 1 row or more,"
                    + " got " + sizes + " => e.g. sizes(10_000, 100_000, 1_000_000)");
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("the volume rehearsal runs each size at least once, got repeats " + repeats);
        }
        Map<String, Long> lower = new LinkedHashMap<>();
        productionRows.forEach((table, rows) -> {
            if (rows < 0) {
                throw new IllegalArgumentException("production rows of " + table + " must not be negative, got " + rows);
            }
            lower.put(table.toLowerCase(Locale.ROOT), rows);
        });
        productionRows = Map.copyOf(lower);
    }

    /** The sizes of {@link Setting#VOLUME_SIZES}, the repeats of {@link Setting#VOLUME_REPEATS} and the rows of {@link Setting#VOLUME_PRODUCTION_ROWS_FILE}, if it exists. */
    public static VolumeOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the settings of {@link Settings#fromEnvironment()}. */
    public static Builder builder() {
        return builder(Settings.fromEnvironment());
    }

    /** A builder starting from {@code settings}: their sizes, and the production rows of their file if it exists. */
    public static Builder builder(Settings settings) {
        return new Builder(settings);
    }

    /** The production rows declared for {@code table} (any case), if any. */
    public OptionalLong productionRows(String table) {
        Long rows = productionRows.get(table.toLowerCase(Locale.ROOT));
        return rows == null ? OptionalLong.empty() : OptionalLong.of(rows);
    }

    /** Builds {@link VolumeOptions}. */
    public static final class Builder {
        private List<Long> sizes;
        private int repeats;
        private final Map<String, Long> productionRows = new LinkedHashMap<>();

        private Builder(Settings settings) {
            sizes = Arrays.stream(settings.get(Setting.VOLUME_SIZES).split(",")).map(Long::valueOf).toList();
            repeats = Math.toIntExact(Math.min(Integer.MAX_VALUE, settings.get(Setting.VOLUME_REPEATS)));
            Path file = settings.get(Setting.VOLUME_PRODUCTION_ROWS_FILE);
            if (Files.isRegularFile(file)) {
                productionRowsFile(file);
            }
        }

        /** Rows per touched table at which each migration is timed. Default: the setting {@code migratest.volume.sizes}. */
        public Builder sizes(long... rows) {
            this.sizes = Arrays.stream(rows).boxed().toList();
            return this;
        }

        /**
         * How many times the history runs at each size; each migration's fastest run at a size is the
         * point fitted, so one slow sample on a busy machine is not read as growth. Default: the
         * setting {@code migratest.volume.repeats} (2).
         */
        public Builder repeats(int times) {
            this.repeats = times;
            return this;
        }

        /** The production row count of {@code table}; a later call for the same table wins. None by default. */
        public Builder productionRows(String table, long rows) {
            productionRows.put(table.toLowerCase(Locale.ROOT), rows);
            return this;
        }

        /**
         * Reads production row counts from a properties file, one {@code table=rows} a line
         * ({@code #} starts a comment, {@code _} may group digits); each line adds to or replaces
         * what is declared so far. The setting {@code migratest.volume.productionRowsFile}'s file is
         * read by default when it exists.
         *
         * @throws MigratestException naming the file and line of a line that is not {@code table=rows}
         */
        public Builder productionRowsFile(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new MigratestException("Cannot read the production row counts " + file + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                    continue;
                }
                int split = line.indexOf('=') >= 0 ? line.indexOf('=') : line.indexOf(':');
                String table = split < 0 ? "" : line.substring(0, split).strip();
                long rows = -1;
                try {
                    rows = split < 0 ? -1 : Long.parseLong(line.substring(split + 1).strip().replace("_", ""));
                } catch (NumberFormatException e) {
                    // reported below with the line
                }
                if (table.isEmpty() || rows < 0) {
                    throw new MigratestException(file + " line " + (i + 1) + ": '" + line + "' is not table=rows"
                            + " => write one table a line with its row count, e.g. orders=50000000");
                }
                productionRows.put(table.toLowerCase(Locale.ROOT), rows);
            }
            return this;
        }

        public VolumeOptions build() {
            return new VolumeOptions(sizes, repeats, productionRows);
        }
    }
}
