package io.migratest.compare.internal;

import io.migratest.compare.Difference;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where differences go as the merge finds them: the first {@code keep} stay in memory for the
 * message, every one is written to a CSV file opened at the first difference, so memory stays
 * flat however many rows differ.
 */
public final class DifferenceSink implements AutoCloseable {

    private final int keep;
    private final Path requestedFile;
    private final Path base;
    private final String target;
    private final List<Difference> kept = new ArrayList<>();
    private Path file;
    private BufferedWriter writer;

    /**
     * @param keep          how many differences to keep in memory
     * @param requestedFile the CSV file, or a directory plus base name ({@code dir/name}) to which
     *                      {@code -n.csv} is added with the first free n
     * @param exactFile     whether {@code requestedFile} is the file itself
     */
    public DifferenceSink(int keep, Path requestedFile, boolean exactFile, String target) {
        this.keep = keep;
        this.requestedFile = exactFile ? requestedFile : null;
        this.base = exactFile ? null : requestedFile;
        this.target = target;
    }

    public void add(Difference difference) {
        if (kept.size() < keep) {
            kept.add(difference);
        }
        try {
            if (writer == null) {
                open(difference);
            }
            for (String[] cells : DiffTable.cells(difference, target)) {
                StringBuilder line = new StringBuilder();
                for (Object keyValue : difference.key().values().values()) {
                    line.append(csv(Values.renderKey(keyValue))).append(',');
                }
                line.append(difference.kind()).append(',').append(csv(cells[0])).append(',')
                        .append(csv(cells[1])).append(',').append(csv(cells[2]));
                writer.write(line.toString());
                writer.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the differences file " + file, e);
        }
    }

    private void open(Difference first) throws IOException {
        file = requestedFile != null ? requestedFile : freeFile();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        StringBuilder header = new StringBuilder();
        for (String column : first.key().values().keySet()) {
            header.append(csv(column)).append(',');
        }
        writer.write(header + "kind,column,expected,actual");
        writer.newLine();
    }

    private Path freeFile() throws IOException {
        Path dir = base.getParent() == null ? Path.of(".") : base.getParent();
        Files.createDirectories(dir);
        String name = base.getFileName().toString();
        for (int n = 1; ; n++) {
            Path candidate = dir.resolve(name + "-" + n + ".csv");
            try {
                return Files.createFile(candidate); // atomic: parallel tests never share a file
            } catch (FileAlreadyExistsException taken) {
                // try the next number
            }
        }
    }

    private static String csv(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }

    public List<Difference> kept() {
        return kept;
    }

    /** The file written, or {@code null} when there was no difference. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not finish the differences file " + file, e);
            }
        }
    }
}
