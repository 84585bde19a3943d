package io.migratest.testing;

import io.migratest.check.CheckOptions;
import io.migratest.db.Settings;
import java.nio.file.Path;

/**
 * The options most check tests run with: baseline, snapshots and output under one temporary
 * directory, and missing files written on first use, as on a developer's machine, whatever CI says.
 */
public final class TestCheckOptions {

    private TestCheckOptions() {
    }

    /** Options with their files under {@code files}, to be built or refined further. */
    public static CheckOptions.Builder in(Path files) {
        return CheckOptions.builder(Settings.of())
                .baselineFile(files.resolve("baseline.json"))
                .snapshotDirectory(files)
                .outputDirectory(files.resolve("out"))
                .failOnMissingFiles(false);
    }
}
