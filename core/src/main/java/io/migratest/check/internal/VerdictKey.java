package io.migratest.check.internal;

import io.migratest.MigratestException;
import io.migratest.check.Check;
import io.migratest.check.CheckOptions;
import io.migratest.check.VolumeOptions;
import io.migratest.db.TemplateKey;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.Dialect;
import io.migratest.db.internal.OnDemandDatabase;
import io.migratest.report.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What one check's verdict on one engine depends on, as named parts and the digest of each, so
 * that an earlier run's verdict is reused only while every part is the same: the migrations'
 * content and Flyway settings ({@code Migrator.contentDigests()}), the check and its options, the
 * committed files it compares with, the engine, server and driver versions, and the code of
 * Migratest that ran it.
 *
 * @param lineage what the verdict is for (check, engine, test class, locations): a later key of
 *                the same lineage is compared with this one to name what changed
 * @param label   the lineage as the report names it
 * @param parts   each part's name and digest, in name order
 */
record VerdictKey(String lineage, String label, SortedMap<String, String> parts) {

    VerdictKey {
        parts = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(parts));
    }

    /** The key of {@code check} as {@code run} would run it; {@code volume} only for the volume rehearsal. */
    static VerdictKey of(CheckRun run, Check check, VolumeOptions volume) throws SQLException {
        TestDatabase database = run.database();
        CheckOptions options = run.options();
        SortedMap<String, String> parts = new TreeMap<>(run.migrator().contentDigests());
        parts.put("check", check.key());
        parts.put("check options", digest(optionsText(options)));
        if (volume != null) {
            parts.put("volume options", digest(volume.sizes() + " repeats=" + volume.repeats() + " production rows="
                    + new TreeMap<>(volume.productionRows())));
        }
        // the committed files a check compares with are part of its key only: editing the snapshot runs that check alone
        if (check == Check.LINEAR_HISTORY) {
            Path baseline = options.baselineFile();
            parts.put("file " + baseline, fileDigest(baseline));
            Path engineBaseline = BaselineFile.forEngine(baseline, database.engine());
            parts.put("file " + engineBaseline, fileDigest(engineBaseline));
        }
        if (check == Check.SCHEMA_MATCHES_SNAPSHOT) {
            Path snapshot = options.snapshotDirectory().resolve("schema-" + database.engine().key() + ".txt");
            parts.put("file " + snapshot, fileDigest(snapshot));
        }
        putRunner(parts, database);
        Report.Scope scope = run.report().scope();
        String label = check.displayName() + " on " + database.engine() + " for " + scope.testClass()
                + " " + run.migrator().locations();
        return new VerdictKey(digest(label), label, parts);
    }

    /**
     * The key of the volume rehearsal's measurements (not its verdict): what the timings depend
     * on, and nothing the verdict alone reads. The migrations and Flyway settings, the sizes and
     * repeats, the engine, server and driver versions, the server's address, Migratest's code,
     * and the machine that measured; not the lock budget nor the production rows, which the verdict is computed from
     * again on every run.
     */
    static VerdictKey ofMeasurements(CheckRun run, VolumeOptions volume) throws SQLException {
        TestDatabase database = run.database();
        SortedMap<String, String> parts = new TreeMap<>(run.migrator().contentDigests());
        parts.put("measurements", "volume rehearsal");
        parts.put("volume sizes", digest(volume.sizes() + " repeats=" + volume.repeats()));
        parts.put("machine", digest(machine()));
        parts.put("server address", digest(serverAddress(database.jdbcUrl())));
        putRunner(parts, database);
        Report.Scope scope = run.report().scope();
        String label = "volume rehearsal measurements on " + database.engine() + " for " + scope.testClass()
                + " " + run.migrator().locations();
        return new VerdictKey(digest(label), label, parts);
    }

    /** What ran the check: the engine, the server's and driver's versions, and Migratest's code. */
    private static void putRunner(SortedMap<String, String> parts, TestDatabase database) throws SQLException {
        parts.put("engine", database.engine().key());
        // the server's answers: a database made on first use is not made for them
        try (Connection connection = OnDemandDatabase.serverConnection(database)) {
            // the part kept templates carry too
            parts.put("server version", Dialect.of(database.engine()).serverVersion(connection));
            parts.put("driver version", connection.getMetaData().getDriverVersion());
        }
        if (MigratestCode.DIGEST.startsWith(MigratestCode.UNREADABLE)) {
            throw new MigratestException(MigratestCode.DIGEST);
        }
        parts.put("migratest code", MigratestCode.DIGEST);
    }

    /**
     * The engine's scheme, host and port of a JDBC URL, without user, database or options, e.g.
     * {@code postgresql://127.0.0.1:5432}: timings of another server of the same version are not
     * this one's (a container started again answers on another port, and is measured again).
     */
    static String serverAddress(String url) {
        Matcher address = SERVER_ADDRESS.matcher(url);
        return address.find() ? address.group(1) + "://" + address.group(2) : url;
    }

    private static final Pattern SERVER_ADDRESS = Pattern.compile("^jdbc:([a-z]+)://(?:[^@/]*@)?([^/?;]*)");

    /** The host this JVM runs on and its processors: timings of another machine are not this one's. */
    private static String machine() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown host";
        }
        return host + " " + Runtime.getRuntime().availableProcessors() + " processors";
    }

    /** The SHA-256 of every part, in hex: equal hashes, equal parts. */
    String hash() {
        return new TemplateKey(label, parts).hash(Map.of());
    }

    /**
     * Every option, in an order that does not depend on the JVM (sets are sorted); the output
     * directory is left out: it is where the checks write, not what they compare with.
     */
    static String optionsText(CheckOptions o) {
        return String.join("\n",
                "baseline=" + o.baselineFile(),
                "snapshots=" + o.snapshotDirectory(),
                "gaps=" + new TreeSet<>(o.allowedGaps()) + " any=" + o.allowAnyGap(),
                "dataLoss=" + o.allowedDataLoss().stream().map(a -> a.version() + "/" + a.table()).sorted().toList(),
                "lockBudgetMillis=" + o.lockBudgetMillis(),
                "rowsPerTable=" + o.rowsPerTable(),
                "updateSnapshots=" + o.updateSnapshots() + " updateBaseline=" + o.updateBaseline(),
                "failOnMissingFiles=" + o.failOnMissingFiles(),
                "switchedOff=" + o.switchedOff().keySet(),
                "failOnNotVerified=" + o.failOnNotVerified(),
                "failOnOldWritesRefused=" + o.failOnOldWritesRefused());
    }

    private static String fileDigest(Path file) {
        try {
            return Files.isRegularFile(file) ? TemplateKey.sha256(Files.readAllBytes(file)) : "missing";
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String digest(String text) {
        return TemplateKey.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The digest of the jar or class directory the checks' code was loaded from, read once per
     * JVM: a verdict of another Migratest build is never reused. Unreadable, it says why, key
     * building fails and the check runs.
     */
    private static final class MigratestCode {

        static final String UNREADABLE = "unreadable: ";
        static final String DIGEST = read();

        private static String read() {
            CodeSource source = CheckRun.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null) {
                return UNREADABLE + "the class path does not say where Migratest's classes come from";
            }
            try {
                Path path = Path.of(location.toURI());
                if (Files.isRegularFile(path)) {
                    return TemplateKey.sha256(Files.readAllBytes(path));
                }
                try (Stream<Path> files = Files.walk(path)) {
                    StringBuilder all = new StringBuilder();
                    for (Path file : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                        all.append(path.relativize(file)).append('=')
                                .append(TemplateKey.sha256(Files.readAllBytes(file))).append('\n');
                    }
                    return digest(all.toString());
                }
            } catch (IOException | URISyntaxException | IllegalArgumentException e) {
                return UNREADABLE + "could not read Migratest's own code at " + location + ": " + e.getMessage();
            }
        }
    }

    /** What differs between two keys' parts, by part name: "… added", "… changed", "… removed". */
    static List<String> changes(Map<String, String> before, Map<String, String> now) {
        List<String> changes = new ArrayList<>();
        now.forEach((part, digest) -> {
            String old = before.get(part);
            if (old == null) {
                changes.add(part + " added");
            } else if (!old.equals(digest)) {
                changes.add(part + " changed");
            }
        });
        before.keySet().stream().filter(part -> !now.containsKey(part)).forEach(part -> changes.add(part + " removed"));
        return changes;
    }
}
