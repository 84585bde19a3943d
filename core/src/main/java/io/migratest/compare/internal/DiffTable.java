package io.migratest.compare.internal;

import io.migratest.compare.ColumnDifference;
import io.migratest.compare.DiffReport;
import io.migratest.compare.Difference;
import java.util.ArrayList;
import java.util.List;

/** The aligned table of differences shown in failure messages. */
public final class DiffTable {

    private static final int MAX_CELL = 40;

    private DiffTable() {
    }

    /** The first {@code maxShown} differences of {@code report}, one line per differing column. */
    public static String render(DiffReport report, int maxShown) {
        List<String> header = new ArrayList<>(report.keyColumns());
        header.addAll(List.of("column", "expected", "actual"));
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        int shown = 0;
        for (Difference difference : report.differences()) {
            if (shown == maxShown) {
                break;
            }
            shown++;
            for (String[] cells : cells(difference, report.target())) {
                List<String> line = new ArrayList<>();
                for (Object keyValue : difference.key().values().values()) {
                    line.add(cut(Values.renderKey(keyValue)));
                }
                line.add(cells[0]);
                line.add(cut(cells[1]));
                line.add(cut(cells[2]));
                lines.add(line);
            }
        }
        StringBuilder text = new StringBuilder();
        int[] widths = widths(lines);
        for (List<String> line : lines) {
            text.append(' ');
            for (int i = 0; i < line.size(); i++) {
                String cell = line.get(i);
                text.append(' ').append(cell);
                if (i < line.size() - 1) {
                    text.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            text.append('\n');
        }
        long total = report.differenceCount();
        text.append(shown < total ? shown + " of " + total + " differences shown" : total + (total == 1 ? " difference" : " differences"));
        if (report.differencesFile() != null) {
            text.append("; the full list is in ").append(report.differencesFile().toAbsolutePath());
        }
        return text.toString();
    }

    /** Cells (column, expected, actual) of the lines of one difference. */
    static List<String[]> cells(Difference difference, String target) {
        return switch (difference.kind()) {
            case CHANGED -> difference.columns().stream()
                    .map(c -> new String[] {c.column(), Values.render(c.expected()), Values.render(c.actual())})
                    .toList();
            case MISSING -> List.<String[]>of(new String[] {"<missing>", "row absent in " + target, ""});
            case UNEXPECTED -> List.<String[]>of(new String[] {"<unexpected>", "no such source row", difference.row().toString()});
            case DUPLICATE -> List.<String[]>of(new String[] {"<duplicate>", "key once in " + target, difference.row().toString()});
        };
    }

    static String detail(ColumnDifference difference) {
        return difference.column();
    }

    private static String cut(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= MAX_CELL ? oneLine : oneLine.substring(0, MAX_CELL - 1) + "…";
    }

    private static int[] widths(List<List<String>> lines) {
        int[] widths = new int[lines.get(0).size()];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        return widths;
    }
}
