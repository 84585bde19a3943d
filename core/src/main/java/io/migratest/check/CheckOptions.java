package io.migratest.check;

import io.migratest.db.Setting;
import io.migratest.db.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the built-in checks run; immutable. Start from {@link #defaults()} (which takes the files
 * and switches from {@link Settings#fromEnvironment()}), {@link #builder()}, or
 * {@link #builder(Settings)} with settings read elsewhere.
 *
 * <pre>{@code
 * CheckOptions options = CheckOptions.builder()
 *         .allowDataLoss("7", "audit_log")
 *         .lockBudgetMillis(200)
 *         .build();
 * }</pre>
 *
 * @param baselineFile     the committed file of applied migrations and their checksums; each engine reads
 *                         {@code <name>-<engine>.json} beside it, this file only while that one is missing
 * @param snapshotDirectory where the committed schema snapshots {@code schema-<engine>.txt} live
 * @param outputDirectory  where checks write what a reviewer may want to copy (actual snapshots)
 * @param allowedGaps      versions that may be missing from an integer sequence
 * @param allowAnyGap      whether gaps are not checked at all
 * @param allowedDataLoss  migrations allowed to lose rows, per table ({@code "*"} for any table)
 * @param lockBudgetMillis the longest a concurrent write may wait for a migration, or 0 for no budget
 * @param rowsPerTable     generated rows seeded into each table before each migration
 * @param updateSnapshots  whether the schema snapshot is rewritten instead of compared
 * @param updateBaseline   whether the baseline is rewritten after it was checked
 * @param failOnMissingFiles whether a missing snapshot or baseline fails (CI) instead of being written
 * @param switchedOff      checks that do not run, each with the reason shown in its skipped result
 * @param failOnNotVerified whether a step that could not test everything fails instead of being "not verified"
 * @param failOnOldWritesRefused whether a lock rehearsal step fails when, once it changed a table, the server
 *                         refused its writers' writes in the table's previous shape (else they are reported)
 */
public record CheckOptions(Path baselineFile, Path snapshotDirectory, Path outputDirectory, Set<String> allowedGaps,
        boolean allowAnyGap, List<DataLossAllowance> allowedDataLoss, long lockBudgetMillis, int rowsPerTable,
        boolean updateSnapshots, boolean updateBaseline, boolean failOnMissingFiles, Map<Check, String> switchedOff,
        boolean failOnNotVerified, boolean failOnOldWritesRefused) {

    /** Default baseline file, relative to the working directory (the Maven module); {@link Setting#BASELINE_FILE}'s. */
    public static final String DEFAULT_BASELINE = "src/test/resources/migratest/baseline.json";
    /** Default snapshot directory, relative to the working directory; {@link Setting#SNAPSHOT_DIR}'s. */
    public static final String DEFAULT_SNAPSHOTS = "src/test/resources/migratest";

    public CheckOptions {
        allowedGaps = Set.copyOf(allowedGaps);
        allowedDataLoss = List.copyOf(allowedDataLoss);
        switchedOff = switchedOff.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(switchedOff));
        if (rowsPerTable < 1) {
            throw new IllegalArgumentException("rowsPerTable must be at least 1, got " + rowsPerTable);
        }
        if (lockBudgetMillis < 0) {
            throw new IllegalArgumentException("lockBudgetMillis must not be negative, got " + lockBudgetMillis);
        }
    }

    /** The defaults, with the switches read from {@link Settings#fromEnvironment()}. */
    public static CheckOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults and the switches of {@link Settings#fromEnvironment()}. */
    public static Builder builder() {
        return new Builder(Settings.fromEnvironment());
    }

    /** A builder starting from the defaults and the switches of {@code settings}. */
    public static Builder builder(Settings settings) {
        return new Builder(settings);
    }

    /** A copy as a builder, to change a few settings. */
    public Builder toBuilder() {
        Builder builder = new Builder(Settings.of());
        builder.baselineFile = baselineFile;
        builder.snapshotDirectory = snapshotDirectory;
        builder.outputDirectory = outputDirectory;
        builder.allowedGaps.addAll(allowedGaps);
        builder.allowAnyGap = allowAnyGap;
        builder.allowedDataLoss.addAll(allowedDataLoss);
        builder.lockBudgetMillis = lockBudgetMillis;
        builder.rowsPerTable = rowsPerTable;
        builder.updateSnapshots = updateSnapshots;
        builder.updateBaseline = updateBaseline;
        builder.failOnMissingFiles = failOnMissingFiles;
        builder.switchedOff.putAll(switchedOff);
        builder.failOnNotVerified = failOnNotVerified;
        builder.failOnOldWritesRefused = failOnOldWritesRefused;
        return builder;
    }

    /** Whether {@code version} may lose rows of {@code table}. */
    public boolean allowsDataLoss(String version, String table) {
        return allowedDataLoss.stream().anyMatch(a -> a.version().equals(version)
                && (a.table().equals("*") || a.table().equalsIgnoreCase(table)));
    }

    /**
     * Permission for one migration to lose rows of a table.
     *
     * @param version the migration version, e.g. {@code "7"}
     * @param table   the table, or {@code "*"} for any
     */
    public record DataLossAllowance(String version, String table) {
    }

    /** Builds {@link CheckOptions}. */
    public static final class Builder {
        private Path baselineFile;
        private Path snapshotDirectory;
        private Path outputDirectory;
        private final Set<String> allowedGaps = new LinkedHashSet<>();
        private boolean allowAnyGap;
        private final List<DataLossAllowance> allowedDataLoss = new ArrayList<>();
        private long lockBudgetMillis;
        private int rowsPerTable = 5;
        private boolean updateSnapshots;
        private boolean updateBaseline;
        private boolean failOnMissingFiles;
        private final Map<Check, String> switchedOff = new LinkedHashMap<>();
        private boolean failOnNotVerified;
        private boolean failOnOldWritesRefused;

        private Builder(Settings settings) {
            failOnNotVerified = settings.get(Setting.CHECKS_FAIL_ON_NOT_VERIFIED);
            failOnOldWritesRefused = settings.get(Setting.LOCK_OLD_WRITES_REFUSED).equals("fail");
            baselineFile = settings.get(Setting.BASELINE_FILE);
            snapshotDirectory = settings.get(Setting.SNAPSHOT_DIR);
            outputDirectory = settings.get(Setting.REPORT_DIR);
            updateSnapshots = settings.get(Setting.UPDATE_SNAPSHOTS);
            updateBaseline = settings.get(Setting.UPDATE_BASELINE);
            failOnMissingFiles = settings.get(Setting.FAIL_ON_MISSING_FILES);
            for (String key : settings.get(Setting.CHECKS_SKIP)) {
                Check.ofKey(key).ifPresent(check -> switchedOff.put(check, "switched off by the setting "
                        + Setting.CHECKS_SKIP.key() + "=" + String.join(",", settings.get(Setting.CHECKS_SKIP))));
            }
        }

        /**
         * The baseline file: migrations applied on the main branch with their checksums. Default
         * {@value #DEFAULT_BASELINE}, or the setting {@code migratest.baselineFile}.
         */
        public Builder baselineFile(Path file) {
            this.baselineFile = file;
            return this;
        }

        /** Where the schema snapshots live. Default {@value #DEFAULT_SNAPSHOTS}, or {@code migratest.snapshotDir}. */
        public Builder snapshotDirectory(Path directory) {
            this.snapshotDirectory = directory;
            return this;
        }

        /** Where actual snapshots are written for copying. Default {@code target/migratest}, or {@code migratest.reportDir}. */
        public Builder outputDirectory(Path directory) {
            this.outputDirectory = directory;
            return this;
        }

        /** Versions allowed to be missing from an integer sequence, e.g. {@code "4"}. None by default. */
        public Builder allowGaps(String... versions) {
            allowedGaps.addAll(Arrays.asList(versions));
            return this;
        }

        /** Do not check for gaps at all. Off by default. */
        public Builder allowAnyGap(boolean allow) {
            this.allowAnyGap = allow;
            return this;
        }

        /** Lets migration {@code version} lose rows of {@code table} ({@code "*"} for any table). None by default. */
        public Builder allowDataLoss(String version, String table) {
            allowedDataLoss.add(new DataLossAllowance(version, table));
            return this;
        }

        /** The longest a concurrent write may wait for a migration. Default 0: measured and reported, never failed. */
        public Builder lockBudgetMillis(long millis) {
            this.lockBudgetMillis = millis;
            return this;
        }

        /** Generated rows per table before each migration. Default 5. */
        public Builder rowsPerTable(int rows) {
            this.rowsPerTable = rows;
            return this;
        }

        /** Rewrite the schema snapshot instead of comparing. Default: the setting {@code migratest.updateSnapshots}. */
        public Builder updateSnapshots(boolean update) {
            this.updateSnapshots = update;
            return this;
        }

        /** Rewrite the baseline after checking it. Default: the setting {@code migratest.updateBaseline}. */
        public Builder updateBaseline(boolean update) {
            this.updateBaseline = update;
            return this;
        }

        /**
         * Fail when a snapshot or baseline file is missing instead of writing it. Default: on when
         * the environment variable {@code CI} is set (as on GitHub Actions and GitLab CI), or the
         * setting {@code migratest.failOnMissingFiles}.
         */
        public Builder failOnMissingFiles(boolean fail) {
            this.failOnMissingFiles = fail;
            return this;
        }

        /**
         * Switches {@code check} off: it shows as one skipped step whose message is {@code reason},
         * e.g. {@code "switched off by @SkipChecks on MyTest"}. No check is off by default but those
         * of the setting {@code migratest.checks.skip}.
         */
        public Builder switchOff(Check check, String reason) {
            switchedOff.put(check, reason);
            return this;
        }

        /**
         * Fail a step that could not test everything (e.g. a table the generator could not fill)
         * instead of reporting it as "not verified" (skipped). Default: the setting
         * {@code migratest.checks.failOnNotVerified}, off unless set.
         */
        public Builder failOnNotVerified(boolean fail) {
            this.failOnNotVerified = fail;
            return this;
        }

        /**
         * Fail a lock rehearsal step after which the server refused the writers' writes in a
         * table's previous shape (application code not yet deployed would fail the same way)
         * instead of reporting them in its message. Default: the setting
         * {@code migratest.lock.oldWritesRefused} ({@code fail} or {@code report}), {@code report} unless set.
         */
        public Builder failOnOldWritesRefused(boolean fail) {
            this.failOnOldWritesRefused = fail;
            return this;
        }

        public CheckOptions build() {
            return new CheckOptions(baselineFile, snapshotDirectory, outputDirectory, allowedGaps, allowAnyGap,
                    allowedDataLoss, lockBudgetMillis, rowsPerTable, updateSnapshots, updateBaseline, failOnMissingFiles,
                    switchedOff, failOnNotVerified, failOnOldWritesRefused);
        }
    }
}
