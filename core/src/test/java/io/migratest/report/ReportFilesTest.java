package io.migratest.report;

import static java.nio.file.attribute.PosixFilePermission.GROUP_READ;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report files are read by a CI job that may run as another user than the tests. */
class ReportFilesTest {

    @TempDir
    Path dir;

    @Test
    void report_files_are_readable_by_group_and_others() throws Exception {
        Report report = Report.create();
        report.record(new Report.Scope("com.example.UsersTest", "POSTGRES"), Outcome.passed("check", "applies", "ok"));

        report.write(dir);

        for (String name : new String[] {"report.md", "report.json"}) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(name))).as(name)
                    .contains(OWNER_READ, OWNER_WRITE, GROUP_READ, OTHERS_READ);
        }
        assertThat(Files.readString(dir.resolve("report.md"))).contains("UsersTest · POSTGRES");
    }

    @Test
    void a_report_left_unreadable_by_an_earlier_run_becomes_readable() throws Exception {
        Path old = Files.writeString(dir.resolve("report.md"), "# old\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-------"));

        Report.create().write(dir);

        assertThat(Files.getPosixFilePermissions(dir.resolve("report.md"))).contains(GROUP_READ, OTHERS_READ);
        assertThat(Files.readString(dir.resolve("report.md"))).doesNotContain("# old");
    }
}
