package io.migratest.check.internal;

import static io.migratest.check.internal.CheckResults.failed;
import static io.migratest.check.internal.CheckResults.passed;
import static io.migratest.check.internal.CheckResults.skipped;

import io.migratest.check.CheckOptions;
import io.migratest.check.CheckResult;
import io.migratest.check.CheckStep;
import io.migratest.check.internal.MigrationFiles.MigrationFile;
import io.migratest.db.Setting;
import io.migratest.db.TestDatabase;
import io.migratest.migrate.Migrator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The check "linear history": unique versions, no gaps the options do not allow, and no migration
 * of the committed baseline edited, deleted or overtaken.
 */
public final class LinearHistoryCheck {
    private final CheckRun run;
    private final TestDatabase database;
    private final Migrator migrator;
    private final CheckOptions options;

    public LinearHistoryCheck(CheckRun run) {
        this.run = run;
        this.database = run.database();
        this.migrator = run.migrator();
        this.options = run.options();
    }

    /**
     * The version history is linear: no two files share a version, no gap in an integer sequence
     * the options do not allow, no migration of the committed baseline edited or deleted, and no
     * new version lower than the baseline's latest.
     */
    public List<CheckStep> steps() {
        String check = "linear history";
        List<MigrationFile> files = MigrationFiles.scan(migrator.locations(), LinearHistoryCheck.class.getClassLoader());
        List<MigrationFile> versionedFiles = files.stream().filter(f -> f.prefix() == 'V').toList();
        List<CheckStep> steps = new ArrayList<>();
        steps.add(new CheckStep(check, "unique versions", () -> run.timed(check, "unique versions", () -> {
            // keyed as Flyway compares versions: 1, 1.0 and 1_0 are one version to it
            Map<MigrationVersion, List<MigrationFile>> same = new TreeMap<>();
            versionedFiles.forEach(f -> same.computeIfAbsent(MigrationVersion.fromVersion(f.version()), v -> new ArrayList<>()).add(f));
            Map<String, List<MigrationFile>> byVersion = new LinkedHashMap<>();
            same.forEach((version, sharing) -> byVersion.put(sharing.get(0).version(), sharing));
            List<String> duplicates = new ArrayList<>();
            same.forEach((version, sharing) -> {
                if (sharing.size() > 1) {
                    List<String> spellings = sharing.stream().map(f -> "V" + f.version()).distinct().sorted().toList();
                    duplicates.add(String.join(" = ", spellings) + (spellings.size() > 1 ? " (one version to Flyway)" : "")
                            + ": " + String.join(", ", sharing.stream().map(MigrationFile::where).toList()));
                }
            });
            if (!duplicates.isEmpty()) {
                return failed(check, "unique versions", duplicates.size() + " version(s) used by more than one migration"
                        + " => give the newer file the next free version (" + nextVersion(byVersion.keySet()) + ")",
                        duplicates);
            }
            return passed(check, "unique versions", versionedFiles.size() + " versioned migrations, each with its own version");
        })));
        steps.add(new CheckStep(check, "no gaps", () -> run.timed(check, "no gaps", () -> gaps(check, versionedFiles))));
        steps.add(new CheckStep(check, "matches baseline", () -> run.timed(check, "matches baseline",
                () -> baseline(check, versionedFiles))));
        return steps;
    }

    /**
     * Gaps as a Flyway user numbers migrations: in Flyway's order, each version is the one before
     * with one component stepped by one ({@code 1 -> 2}, {@code 1.1 -> 1.2}, {@code 13.2 -> 14}),
     * or the one before extended by a first sub-step ({@code 1 -> 1.1}, {@code 2 -> 2.0.1}). So
     * {@code 1, 3} misses 2 and {@code 1.1, 1.3} misses 1.2, while {@code 1, 1.1, 2} and
     * {@code 13.1, 13.2, 14} are linear.
     */
    private CheckResult gaps(String check, List<MigrationFile> files) {
        Set<MigrationVersion> versions = new TreeSet<>();
        files.forEach(f -> versions.add(MigrationVersion.fromVersion(f.version())));
        if (versions.isEmpty()) {
            // Java migrations only: Flyway lists them, on a database the shared pass may have migrated
            run.listed().stream().filter(s -> s.version() != null)
                    .forEach(s -> versions.add(MigrationVersion.fromVersion(s.version())));
        }
        if (options.allowAnyGap()) {
            return passed(check, "no gaps", "gaps allowed by the options");
        }
        List<MigrationVersion> ordered = new ArrayList<>(versions);
        Set<MigrationVersion> allowed = new TreeSet<>();
        options.allowedGaps().forEach(v -> allowed.add(MigrationVersion.fromVersion(v)));
        List<String> gaps = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 1; i < ordered.size(); i++) {
            List<String> between = VersionSteps.missingBetween(ordered.get(i - 1), ordered.get(i));
            List<String> notAllowed = between.stream().filter(v -> !allowed.contains(MigrationVersion.fromVersion(v))).toList();
            if (!between.isEmpty() && !notAllowed.isEmpty()) {
                gaps.add(String.join(", ", notAllowed) + " missing between " + ordered.get(i - 1) + " and " + ordered.get(i));
                missing.addAll(notAllowed);
            }
        }
        String range = ordered.isEmpty() ? "-" : ordered.get(0) + " to " + ordered.get(ordered.size() - 1);
        if (!gaps.isEmpty()) {
            List<String> details = new ArrayList<>(gaps);
            details.add("versions found: " + ordered);
            String first = missing.get(0);
            return failed(check, "no gaps", "version(s) " + String.join("; ", gaps) + " => renumber the migrations after"
                    + " the gap, or declare the gap if it is meant: @AllowGaps(\"" + first + "\") on the MigrationChecks class"
                    + " or CheckOptions.builder().allowGaps(\"" + first + "\"); @AllowGaps(any = true) allows every gap",
                    details);
        }
        return passed(check, "no gaps", ordered.size() + " versions from " + range + ", none missing");
    }

    private CheckResult baseline(String check, List<MigrationFile> files) {
        Path shared = options.baselineFile();
        Path file = BaselineFile.forEngine(shared, database.engine());
        List<BaselineFile.Entry> current = files.stream()
                .map(f -> new BaselineFile.Entry(f.version(), f.description(), f.name(), f.checksum())).toList();
        Optional<List<BaselineFile.Entry>> committed = BaselineFile.read(file);
        // A shared baseline of an older Migratest still guards the history until the per-engine file is written.
        String source = file.toString();
        if (committed.isEmpty() && !options.updateBaseline()) {
            committed = BaselineFile.read(shared);
            if (committed.isPresent()) {
                source = shared + " (the old shared baseline: " + file.getFileName() + " does not exist yet; run once with -D"
                        + Setting.UPDATE_BASELINE.key() + "=true on each engine to write " + file.getFileName()
                        + ", then delete " + shared.getFileName() + ")";
            }
        }
        if (committed.isEmpty()) {
            if (options.failOnMissingFiles() && !options.updateBaseline()) {
                return failed(check, "matches baseline", "no migration baseline for " + database.engine() + " at "
                        + file.toAbsolutePath() + " => run the tests once locally (or with -D" + Setting.UPDATE_BASELINE.key()
                        + "=true) to write it, and commit it", List.of());
            }
            BaselineFile.write(file, current);
            return passed(check, "matches baseline", "no baseline yet: wrote " + file + " with " + current.size()
                    + " migrations; commit it");
        }
        List<String> problems = new ArrayList<>();
        MigrationVersion latest = committed.get().stream().map(e -> MigrationVersion.fromVersion(e.version()))
                .max(MigrationVersion::compareTo).orElse(MigrationVersion.EMPTY);
        for (BaselineFile.Entry applied : committed.get()) {
            Optional<BaselineFile.Entry> now = current.stream().filter(c -> c.version().equals(applied.version())).findFirst();
            if (now.isEmpty()) {
                problems.add("V" + applied.version() + " (" + applied.script() + ") is in the baseline but its file is gone:"
                        + " databases that applied it no longer match the code => restore the file");
            } else if (applied.checksum() != null && !applied.checksum().equals(now.get().checksum())) {
                problems.add("V" + applied.version() + " (" + now.get().script() + ") was edited after it was applied:"
                        + " checksum " + applied.checksum() + " in the baseline, " + now.get().checksum() + " now"
                        + " => revert the edit and put the change in a new migration; Flyway's validate fails on"
                        + " every database that ran the old text");
            } else if (!applied.description().isEmpty() && !applied.description().equals(now.get().description())) {
                problems.add("V" + applied.version() + " was renamed from " + applied.script() + " to " + now.get().script()
                        + " => restore the name; Flyway's validate compares descriptions too");
            }
        }
        for (BaselineFile.Entry entry : current) {
            boolean isNew = committed.get().stream().noneMatch(c -> c.version().equals(entry.version()));
            if (isNew && latest != MigrationVersion.EMPTY && latest.isNewerThan(entry.version())) {
                problems.add("V" + entry.version() + " (" + entry.script() + ") is new but lower than V" + latest.getVersion()
                        + ", the latest in the baseline: databases already at V" + latest.getVersion()
                        + " would skip or reject it => renumber it above " + latest.getVersion());
            }
        }
        if (!problems.isEmpty()) {
            return failed(check, "matches baseline", problems.size() + " problem(s) against the baseline " + source
                    + " (if the baseline itself is stale, refresh it on the main branch with -D" + Setting.UPDATE_BASELINE.key() + "=true)",
                    problems);
        }
        if (options.updateBaseline()) {
            BaselineFile.write(file, current);
            return passed(check, "matches baseline", "matches; baseline rewritten with " + current.size() + " migrations");
        }
        return passed(check, "matches baseline", committed.get().size() + " applied migrations unchanged, "
                + (current.size() - committed.get().size()) + " new ones after V" + latest.getVersion() + " (baseline "
                + source + ")");
    }

    private static String nextVersion(Set<String> versions) {
        long max = 0;
        for (String version : versions) {
            String major = version.split("\\.")[0];
            if (major.matches("\\d{1,18}")) {
                max = Math.max(max, Long.parseLong(major));
            }
        }
        return Long.toString(max + 1);
    }
}
