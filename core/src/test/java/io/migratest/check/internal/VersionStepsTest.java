package io.migratest.check.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gap rule on Flyway's versions, pure logic: which versions a history skips between two neighbours. */
class VersionStepsTest {

    @ParameterizedTest(name = "{0} then {1} misses [{2}]")
    @CsvSource(delimiter = ';', value = {
        "1;2;", "1;1.1;", "1.1;1.2;", "1.2;2;", "13.2;14;", "13;13.1;", "2;2.0.1;", "1.9;1.10;", "1.1;2.1;",
        "1;3;2", "1;4;2, 3", "1.1;1.3;1.2", "1;1.3;1.1, 1.2", "13.2;15;14", "13;14.3;14.1, 14.2",
        "1;20;2, 3, 4, 5, 6, 7, 8, 9, 10, 11"})
    void a_version_follows_when_one_part_steps_by_one(String previous, String next, String missing) {
        assertThat(String.join(", ", VersionSteps.missingBetween(MigrationVersion.fromVersion(previous),
                MigrationVersion.fromVersion(next)))).isEqualTo(missing == null ? "" : missing);
    }
}
