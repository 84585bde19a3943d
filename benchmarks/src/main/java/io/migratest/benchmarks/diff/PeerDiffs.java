package io.migratest.benchmarks.diff;

import static org.assertj.db.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.db.type.AssertDbConnection;
import org.assertj.db.type.AssertDbConnectionFactory;
import org.assertj.db.type.Change;
import org.assertj.db.type.ChangeType;
import org.assertj.db.type.Changes;
import org.assertj.db.type.lettercase.CaseComparisons;
import org.assertj.db.type.lettercase.CaseConversions;
import org.assertj.db.type.lettercase.LetterCase;
import org.dbunit.Assertion;
import org.dbunit.assertion.DefaultFailureHandler;
import org.dbunit.assertion.Difference;
import org.dbunit.database.DatabaseConfig;
import org.dbunit.database.DatabaseConnection;
import org.dbunit.dataset.ITable;
import org.dbunit.ext.mysql.MySqlDataTypeFactory;
import org.dbunit.ext.postgresql.PostgresqlDataTypeFactory;

/**
 * The peers a user would pick instead of DataDiff, each used the way its documentation shows: DBUnit
 * loads both tables as datasets sorted by key and compares them with {@code Assertion.assertEquals},
 * collecting every difference instead of stopping at the first; AssertJ-DB records the migrated table
 * at a start point and an end point ({@code Changes}, its keyed comparison) and asserts that nothing
 * changed. Both hold whole tables in memory.
 */
final class PeerDiffs {

    /** What one peer run found; {@code detected} says whether the planted differences were all among them. */
    record Outcome(DiffBenchmark.Measured measured, String found, boolean detected) {
    }

    private PeerDiffs() {
    }

    /**
     * DBUnit on tables {@code psrc} and {@code pdst} of {@code rows} rows with the differences already
     * planted. DBUnit compares rows by position, so the deleted row shifts every later row by one.
     */
    static Outcome dbunit(String url, String user, boolean pg, int rows) throws Exception {
        CountingHandler handler = new CountingHandler();
        DiffBenchmark.Measured measured = DiffBenchmark.measure(() -> {
            try (Connection jdbc = DriverManager.getConnection(url, user, "")) {
                DatabaseConnection connection = new DatabaseConnection(jdbc);
                connection.getConfig().setProperty(DatabaseConfig.PROPERTY_DATATYPE_FACTORY,
                        pg ? new PostgresqlDataTypeFactory() : new MySqlDataTypeFactory());
                ITable expected = connection.createQueryTable("t", "SELECT * FROM psrc ORDER BY id");
                ITable actual = connection.createQueryTable("t", "SELECT * FROM pdst ORDER BY id");
                Assertion.assertEquals(expected, actual, handler);
            }
            return null;
        });
        // Rows before the deleted one keep their position: the two changed values there must be reported.
        boolean detected = handler.cells > 0 && handler.seen.contains((rows / 1000 - 1) + ":name")
                && handler.seen.contains((rows / 200 - 1) + ":price");
        String found = String.format("%,d cell differences in %,d rows (by position)", handler.cells, handler.rows);
        return new Outcome(measured, found, detected);
    }

    /**
     * AssertJ-DB on table {@code pdst} (a copy of {@code psrc} with a primary key): start point, then
     * the "migration" ({@code migrate}, untimed), then end point and the assertion that nothing changed.
     */
    static Outcome assertjDb(String url, String user, Runnable migrate) throws Exception {
        LetterCase asIs = LetterCase.getLetterCase(CaseConversions.NO, CaseComparisons.IGNORE);
        AssertDbConnection connection = AssertDbConnectionFactory.of(url, user, "").letterCase(asIs, asIs, asIs).create();
        Changes changes = connection.changes().table("pdst").build();
        DiffBenchmark.Measured start = DiffBenchmark.measure(changes::setStartPointNow);
        migrate.run();
        String[] failure = {null};
        DiffBenchmark.Measured end = DiffBenchmark.measure(() -> {
            changes.setEndPointNow();
            try {
                assertThat(changes).hasNumberOfChanges(0);
            } catch (AssertionError expected) {
                failure[0] = expected.getMessage();
            }
            return changes.getChangesList();
        });
        @SuppressWarnings("unchecked")
        List<Change> list = (List<Change>) end.result();
        Map<ChangeType, Long> byType = list.stream().collect(Collectors.groupingBy(Change::getChangeType, Collectors.counting()));
        boolean detected = failure[0] != null && byType.getOrDefault(ChangeType.MODIFICATION, 0L) == 3
                && byType.getOrDefault(ChangeType.DELETION, 0L) == 1 && byType.getOrDefault(ChangeType.CREATION, 0L) == 1;
        String found = String.format("%d changes (%d changed, %d deleted, %d created)", list.size(),
                byType.getOrDefault(ChangeType.MODIFICATION, 0L), byType.getOrDefault(ChangeType.DELETION, 0L),
                byType.getOrDefault(ChangeType.CREATION, 0L));
        DiffBenchmark.Measured both = new DiffBenchmark.Measured(start.millis() + end.millis(),
                Math.max(start.peakHeap(), end.peakHeap()), list);
        return new Outcome(both, found, detected);
    }

    /** Collects DBUnit's differences as counts, so that a million of them do not fill the heap. */
    private static final class CountingHandler extends DefaultFailureHandler {
        private long cells;
        private long rows;
        private int lastRow = -1;
        private final Set<String> seen = new HashSet<>();

        @Override
        public void handle(Difference difference) {
            cells++;
            if (difference.getRowIndex() != lastRow) {  // DBUnit reports row by row
                rows++;
                lastRow = difference.getRowIndex();
            }
            if (seen.size() < 10_000) {
                seen.add(difference.getRowIndex() + ":" + difference.getColumnName().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }
}
