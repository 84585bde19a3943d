package io.migratest.check.internal;

import io.migratest.check.VolumeOptions;
import io.migratest.check.internal.VolumeFit.Point;
import io.migratest.check.internal.VolumeRehearsalCheck.Measured;
import io.migratest.db.Setting;
import io.migratest.db.Settings;
import io.migratest.db.internal.JdbiSettings;
import io.migratest.report.Outcome;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volume rehearsal's timings of an earlier run, reused while nothing they depend on changed
 * ({@link VerdictKey#ofMeasurements}): the migrations, the sizes and repeats, the engine, server
 * and driver versions, Migratest's code and the machine. Only the timings are kept, never a
 * verdict: each run fits and projects them again and judges them against its own lock budget and
 * production rows, so a step over the budget fails on every run, and the measure step and each
 * judged step say that the timings were reused and when they were measured.
 *
 * <p>On while {@link Setting#CHECKS_REUSE} (off where {@code CI} is set) and
 * {@link Setting#VOLUME_REUSE_MEASUREMENTS} are; kept in {@link Setting#CHECKS_REUSE_DIR}, one file
 * per engine, test class and locations. Anything that goes wrong here measures again and says so.
 */
final class KeptMeasurements {

    /** The kind of the report's line about the measurements: reused, or measured and why. */
    static final String KIND = "kept measurements";

    private static final String FORMAT = "migratest kept measurements 1";
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(KeptMeasurements.class);

    /** Timings kept by an earlier run, and when it measured them. */
    record Kept(Instant measuredAt, String hash, List<String> passes, Map<String, Measured> measured) {

        /** E.g. {@code measured 2026-12-08T01:40Z, key 1a2b3c4d5e6f}. */
        String provenance() {
            return "measured " + MINUTES.format(measuredAt) + ", key " + hash.substring(0, 12);
        }
    }

    private final CheckRun run;
    private final VolumeOptions volume;
    private final VerdictKey key; // null: not reused, not kept
    private final Path file;
    private final String why;

    private KeptMeasurements(CheckRun run, VolumeOptions volume, VerdictKey key, Path file, String why) {
        this.run = run;
        this.volume = volume;
        this.key = key;
        this.file = file;
        this.why = why;
    }

    /** The kept timings of the rehearsal {@code run} runs with {@code volume}, if reuse is on; reads no file yet. */
    static KeptMeasurements of(CheckRun run, VolumeOptions volume) {
        Settings settings = JdbiSettings.of(run.database().jdbi());
        if (!KeptVerdicts.setting(settings, Setting.CHECKS_REUSE)) {
            return new KeptMeasurements(run, volume, null, null, Setting.CHECKS_REUSE.key() + " is off");
        }
        if (!KeptVerdicts.setting(settings, Setting.VOLUME_REUSE_MEASUREMENTS)) {
            return new KeptMeasurements(run, volume, null, null, Setting.VOLUME_REUSE_MEASUREMENTS.key() + " is off");
        }
        try {
            VerdictKey key = VerdictKey.ofMeasurements(run, volume);
            Path file = KeptVerdicts.setting(settings, Setting.CHECKS_REUSE_DIR)
                    .resolve("measurements-" + key.lineage().substring(0, 32) + ".properties");
            return new KeptMeasurements(run, volume, key, file, null);
        } catch (SQLException | RuntimeException e) {
            return new KeptMeasurements(run, volume, null, null, "their key could not be read (" + e.getMessage() + ")");
        }
    }

    /**
     * The kept timings, when there are some for this key and they cover exactly {@code versions};
     * otherwise empty, and the report says why the rehearsal measures.
     */
    Optional<Kept> reusable(List<String> versions) {
        if (key == null) {
            note("measured", "not reused: " + why);
            return Optional.empty();
        }
        Optional<Map<String, String>> entries;
        try {
            entries = VerdictRecord.readEntries(file, FORMAT, "kept measurement");
        } catch (RuntimeException e) {
            note("measured", "ignored the unreadable kept measurements " + file + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
        if (entries.isEmpty()) {
            note("measured", "no measurements kept for it yet");
            return Optional.empty();
        }
        Kept kept;
        SortedMap<String, String> parts;
        try {
            parts = parts(entries.get());
            kept = parse(entries.get());
        } catch (RuntimeException e) {
            note("measured", "ignored the damaged kept measurements " + file + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
        if (!kept.hash().equals(key.hash()) || !parts.equals(key.parts())) {
            note("measured", String.join(", ", changes(parts, key.parts())) + " since the measurements kept "
                    + MINUTES.format(kept.measuredAt()));
            return Optional.empty();
        }
        if (!kept.measured().keySet().equals(new HashSet<>(versions))) {
            note("measured", "the kept measurements cover versions " + kept.measured().keySet() + ", not " + versions);
            return Optional.empty();
        }
        note("reused", "unchanged since " + kept.provenance() + " (" + file + ")");
        return Optional.of(kept);
    }

    /** Keeps timings just measured, unless the key changed while they were measured; never fails the rehearsal. */
    void keep(List<String> passes, Map<String, Measured> measured) {
        if (key == null) {
            return;
        }
        try {
            VerdictKey after = VerdictKey.ofMeasurements(run, volume);
            if (!after.hash().equals(key.hash())) {
                LOG.info("Kept measurements: {}: not kept: {} while they were measured", key.label(),
                        changes(key.parts(), after.parts()));
                return;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.info("Kept measurements: {}: not kept: their key could not be read again ({})", key.label(), e.getMessage());
            return;
        }
        try {
            VerdictRecord.writeEntries(file, entries(Instant.now(), passes, measured), key.label());
            LOG.info("Kept measurements: {}: kept as {}", key.label(), file);
        } catch (RuntimeException e) {
            LOG.warn("Kept measurements: {}: could not be kept in {}: {} => check that the directory is writable, or set {}",
                    key.label(), file, e.getMessage(), Setting.CHECKS_REUSE_DIR.key());
        }
    }

    private Map<String, String> entries(Instant measuredAt, List<String> passes, Map<String, Measured> measured) {
        Map<String, String> entries = new TreeMap<>();
        entries.put("format", FORMAT);
        entries.put("hash", key.hash());
        entries.put("label", key.label());
        entries.put("measuredAt", measuredAt.toString());
        key.parts().forEach((name, digest) -> entries.put("part." + name, digest));
        putList(entries, "pass", passes);
        List<String> versions = new ArrayList<>(measured.keySet());
        putList(entries, "version", versions);
        for (int i = 0; i < versions.size(); i++) {
            Measured m = measured.get(versions.get(i));
            String prefix = "v." + i + ".";
            putList(entries, prefix + "table", m.tables());
            putList(entries, prefix + "point", m.points().stream().map(p -> p.rows() + ":" + p.millis()).toList());
            if (m.blocking() != null) {
                putList(entries, prefix + "blocking", m.blocking());
            }
        }
        return entries;
    }

    private static SortedMap<String, String> parts(Map<String, String> entries) {
        SortedMap<String, String> parts = new TreeMap<>();
        entries.forEach((name, value) -> {
            if (name.startsWith("part.")) {
                parts.put(name.substring("part.".length()), value);
            }
        });
        return parts;
    }

    private static Kept parse(Map<String, String> entries) {
        List<String> versions = list(entries, "version");
        Map<String, Measured> measured = new LinkedHashMap<>();
        for (int i = 0; i < versions.size(); i++) {
            String prefix = "v." + i + ".";
            List<Point> points = new ArrayList<>();
            for (String point : list(entries, prefix + "point")) {
                int colon = point.indexOf(':');
                points.add(new Point(Long.parseLong(point.substring(0, colon)), Long.parseLong(point.substring(colon + 1))));
            }
            List<String> blocking = entries.containsKey(prefix + "blocking.count") ? list(entries, prefix + "blocking") : null;
            measured.put(versions.get(i), new Measured(list(entries, prefix + "table"), points, blocking));
        }
        return new Kept(Instant.parse(required(entries, "measuredAt")), required(entries, "hash"),
                list(entries, "pass"), measured);
    }

    private static void putList(Map<String, String> entries, String name, List<String> values) {
        entries.put(name + ".count", String.valueOf(values.size()));
        for (int i = 0; i < values.size(); i++) {
            entries.put(name + "." + i, values.get(i));
        }
    }

    private static List<String> list(Map<String, String> entries, String name) {
        int count = Integer.parseInt(required(entries, name + ".count"));
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(required(entries, name + "." + i));
        }
        return values;
    }

    private static String required(Map<String, String> entries, String name) {
        String value = entries.get(name);
        if (value == null) {
            throw new IllegalStateException("no " + name);
        }
        return value;
    }

    private static List<String> changes(Map<String, String> before, Map<String, String> now) {
        List<String> changes = VerdictKey.changes(before, now);
        return changes.isEmpty() ? List.of("its kept measurements have another key") : changes;
    }

    private void note(String what, String reason) {
        LOG.info("Kept measurements: volume rehearsal on {} for {}: {}, {}", run.database().engine(),
                run.report().scope().testClass(), what, reason);
        run.report().record(new Outcome(KIND, "volume rehearsal", what, Outcome.Status.PASSED, reason, List.of(), null));
    }
}
