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
            Map<String, List<MigrationFile>> byVersion = new LinkedHashMap<>();
            versionedFiles.forEach(f -> byVersion.computeIfAbsent(f.version(), v -> new ArrayList<>()).add(f));
            List<String> duplicates = new ArrayList<>();
            byVersion.forEach((version, same) -> {
                if (same.size() > 1) {
                    duplicates.add("V" + version + ": " + String.join(", ", same.stream().map(MigrationFile::where).toList()));
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

    private CheckResult gaps(String check, List<MigrationFile> files) {
        Set<MigrationVersion> versions = new TreeSet<>();
        files.forEach(f -> versions.add(MigrationVersion.fromVersion(f.version())));
        if (versions.isEmpty()) {
            run.versioned().forEach(s -> versions.add(MigrationVersion.fromVersion(s.version())));
        }
        if (options.allowAnyGap()) {
            return passed(check, "no gaps", "gaps allowed by the options");
        }
        List<Long> numbers = new ArrayList<>();
        for (MigrationVersion version : versions) {
            if (!version.getVersion().matches("\\d{1,9}")) {
                return skipped(check, "no gaps", "versions are not plain integers (e.g. " + version.getVersion()
                        + "), so there is no sequence to find gaps in");
            }
            numbers.add(Long.parseLong(version.getVersion()));
        }
        List<String> missing = new ArrayList<>();
        for (int i = 1; i < numbers.size(); i++) {
            for (long v = numbers.get(i - 1) + 1; v < numbers.get(i); v++) {
                if (!options.allowedGaps().contains(Long.toString(v))) {
                    missing.add(Long.toString(v));
                }
            }
        }
        if (!missing.isEmpty()) {
            return failed(check, "no gaps", "version(s) " + String.join(", ", missing) + " missing between "
                    + numbers.get(0) + " and " + numbers.get(numbers.size() - 1) + " => renumber the migration after the"
                    + " gap, or declare the gap if it is meant (@MigrationChecksConfig allowGaps / CheckOptions.allowGaps(\""
                    + missing.get(0) + "\"))", List.of("versions found: " + numbers));
        }
        return passed(check, "no gaps", numbers.size() + " versions from " + (numbers.isEmpty() ? "-" : numbers.get(0))
                + " to " + (numbers.isEmpty() ? "-" : numbers.get(numbers.size() - 1)) + ", none missing");
    }

    private CheckResult baseline(String check, List<MigrationFile> files) {
        Path file = options.baselineFile();
        List<BaselineFile.Entry> current = files.stream()
                .map(f -> new BaselineFile.Entry(f.version(), f.description(), f.name(), f.checksum())).toList();
        Optional<List<BaselineFile.Entry>> committed = BaselineFile.read(file);
        if (committed.isEmpty()) {
            if (options.failOnMissingFiles() && !options.updateBaseline()) {
                return failed(check, "matches baseline", "no migration baseline at " + file.toAbsolutePath()
                        + " => run the tests once locally (or with -D" + Setting.UPDATE_BASELINE.key() + "=true) to write it, and commit it",
                        List.of());
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
            return failed(check, "matches baseline", problems.size() + " problem(s) against the baseline " + file
                    + " (if the baseline itself is stale, refresh it on the main branch with -D" + Setting.UPDATE_BASELINE.key() + "=true)",
                    problems);
        }
        if (options.updateBaseline()) {
            BaselineFile.write(file, current);
            return passed(check, "matches baseline", "matches; baseline rewritten with " + current.size() + " migrations");
        }
        return passed(check, "matches baseline", committed.get().size() + " applied migrations unchanged, "
                + (current.size() - committed.get().size()) + " new ones after V" + latest.getVersion());
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
