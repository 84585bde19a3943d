package io.migratest.check.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.check.CheckResult;
import io.migratest.report.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kept verdict reads back as written, and a reader never sees half of one, nor a damaged one as a pass. */
class VerdictRecordTest {

    @TempDir
    Path directory;

    @Test
    void a_record_reads_back_as_written_whatever_its_text_holds() {
        VerdictRecord written = record("a", "line one\nline two = \"Zoë 東京\" : #!");
        Path file = directory.resolve("kept.properties");

        written.write(file);

        assertThat(VerdictRecord.read(file)).contains(written);
        assertThat(VerdictRecord.read(directory.resolve("none.properties"))).isEmpty();
    }

    @Test
    void a_truncated_or_edited_record_is_refused() throws Exception {
        Path file = directory.resolve("kept.properties");
        record("a", "applied").write(file);
        String text = Files.readString(file);

        Files.writeString(file, text.substring(0, text.length() / 2));
        assertThatThrownBy(() -> VerdictRecord.read(file)).isInstanceOf(IllegalStateException.class);

        Files.writeString(file, text.replace("step.0.measure.maxWriteWaitMillis=12", "step.0.measure.maxWriteWaitMillis=1"));
        assertThatThrownBy(() -> VerdictRecord.read(file)).hasMessage("its checksum does not match its content");

        Files.writeString(file, "format=something else\n");
        assertThatThrownBy(() -> VerdictRecord.read(file)).hasMessageStartingWith("not a kept verdict of this Migratest");
    }

    @Test
    void readers_in_other_threads_see_one_whole_record_or_another_while_writers_replace_it() throws Exception {
        Path file = directory.resolve("kept.properties");
        List<VerdictRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(record("writer" + i, "message of writer " + i + " ".repeat(i * 500)));
        }
        records.get(0).write(file);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Throwable> problems = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        for (VerdictRecord each : records) {
            writers.add(new Thread(() -> {
                try {
                    start.await();
                    for (int time = 0; time < 100; time++) {
                        each.write(file);
                    }
                } catch (Throwable e) {
                    problems.add(e);
                }
            }));
        }
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            readers.add(new Thread(() -> {
                try {
                    start.await();
                    while (writing.get()) {
                        Optional<VerdictRecord> read = VerdictRecord.read(file);
                        assertThat(read).isPresent();
                        assertThat(records).contains(read.get());
                        seen.add(read.get().hash());
                    }
                } catch (Throwable e) {
                    problems.add(e);
                }
            }));
        }
        writers.forEach(Thread::start);
        readers.forEach(Thread::start);
        start.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        writing.set(false);
        for (Thread reader : readers) {
            reader.join();
        }

        assertThat(problems).isEmpty();
        assertThat(seen).isNotEmpty();
        assertThat(VerdictRecord.read(file).orElseThrow().hash()).startsWith("writer");
        try (var left = Files.list(directory)) {
            assertThat(left).as("no temporary file left behind").containsExactly(file);
        }
    }

    private static VerdictRecord record(String name, String message) {
        TreeMap<String, String> parts = new TreeMap<>(Map.of("migration db/migration/V1__a=b.sql", "abc", "check", "lockRehearsal"));
        CheckResult result = new CheckResult("lock rehearsal", "V1 Create: a", Outcome.Status.PASSED, message,
                List.of("detail = 1", "détail: 2"), Map.of("maxWriteWaitMillis", 12L, "statements", 3L), 345);
        return new VerdictRecord(name + "-hash", "lock rehearsal on POSTGRES for " + name, parts,
                Instant.parse("2026-12-07T22:10:31Z"), List.of(result, result));
    }
}
