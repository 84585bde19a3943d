package io.migratest.compare.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.testing.TestServers;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The canonical row text and its hash agree between Java and the SQL of each engine. */
class RowEncodingTest {

    private static final String[] AWKWARD = {"", "|", "\\", "\\N", "N", "a|b\\c", "\\|", "||", "Grüße", "東京",
            "🎉 emoji", "tab\tnew\nline", "'quote'", "\"double\"", "trailing  "};

    @Test
    void null_and_escapes_cannot_collide() {
        List<RowEncoding.Column> two = List.of(new RowEncoding.Column("a", RowEncoding.Kind.TEXT, 0),
                new RowEncoding.Column("b", RowEncoding.Kind.TEXT, 0));
        String nulls = RowEncoding.rowText(two, new Object[] {null, "x"});
        String marker = RowEncoding.rowText(two, new Object[] {"\\N", "x"});
        String split = RowEncoding.rowText(two, new Object[] {"a|b", "c"});
        String joined = RowEncoding.rowText(two, new Object[] {"a", "b|c"});

        assertThat(nulls).isEqualTo("\\N|x");
        assertThat(marker).isEqualTo("\\\\N|x");
        assertThat(split).isNotEqualTo(joined);
        assertThat(RowEncoding.encode(RowEncoding.Kind.DECIMAL, 3, new BigDecimal("1.5"))).isEqualTo("1.500");
        assertThat(RowEncoding.encode(RowEncoding.Kind.BOOLEAN, 0, true)).isEqualTo("1");
        assertThat(RowEncoding.hash60(Sql.of(Engine.POSTGRES), "x")).isBetween(0L, (1L << 60) - 1);
        assertThat(RowEncoding.hash60(Sql.of(Engine.MYSQL), "x")).isBetween(0L, (1L << 60) - 1);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRES", "MARIADB", "MYSQL"})
    void java_and_sql_agree_on_every_row(Engine engine) throws Exception {
        boolean pg = engine == Engine.POSTGRES;
        try (TestDatabase database = TestServers.of(engine).createDatabase()) {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(h -> h.execute("CREATE TABLE t (id INTEGER, big BIGINT, name " + (pg ? "TEXT" : "VARCHAR(100)")
                    + ", amount NUMERIC(14,4), flag BOOLEAN, seen " + (pg ? "TIMESTAMP(6)" : "DATETIME(6)")
                    + ", stamp " + (pg ? "TIMESTAMPTZ" : "DATETIME(3)") + ", born DATE)"));
            Random random = new Random(42);
            jdbi.useHandle(h -> {
                PreparedBatch insert = h.prepareBatch("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                for (int i = 0; i < 300; i++) {
                    boolean nulls = random.nextInt(7) == 0;
                    LocalDateTime seen = LocalDateTime.of(1970, 1, 1, 0, 0).plusSeconds(random.nextInt(2_000_000_000))
                            .plusNanos(random.nextInt(1_000_000) * 1000L);
                    // whole seconds and whole milliseconds: fractions whose trailing zeros are dropped
                    seen = i % 5 == 0 ? seen.withNano(0) : i % 5 == 1 ? seen.withNano(seen.getNano() / 1_000_000 * 1_000_000) : seen;
                    Object stamp = pg ? OffsetDateTime.of(seen, ZoneOffset.ofHours(random.nextInt(25) - 12))
                            : seen.withNano(random.nextInt(1000) * 1_000_000);
                    insert.add(i, nulls ? null : random.nextLong(), nulls ? null : AWKWARD[random.nextInt(AWKWARD.length)] + i,
                            nulls ? null : BigDecimal.valueOf(random.nextLong() % 10_000_000_000L, 4),
                            nulls ? null : random.nextBoolean(), nulls ? null : seen, nulls ? null : stamp,
                            nulls ? null : LocalDate.of(1, 1, 1).plusDays(random.nextInt(3_600_000)));
                }
                if (pg) {
                    LocalDateTime idesOfMarch = LocalDateTime.of(-43, 3, 15, 11, 0, 0, 250_000_000);
                    insert.add(300, 1L, "bc", BigDecimal.ONE, true, idesOfMarch, null, idesOfMarch.toLocalDate());
                }
                insert.execute();
            });

            try (Handle handle = jdbi.open()) {
                Sql flavour = Sql.of(handle.getConnection());
                List<RowEncoding.Described> described = RowEncoding.describe(handle, "SELECT * FROM t");
                List<RowEncoding.Column> columns = new ArrayList<>();
                for (RowEncoding.Described column : described) {
                    assertThat(column.kind()).as(column.name()).isNotNull();
                    columns.add(new RowEncoding.Column(flavour.quote(column.label()), column.kind(), column.scale()));
                }
                // the amount once more, written at a larger scale than its own, as when the other side has more digits
                columns.add(new RowEncoding.Column(flavour.quote("amount"), RowEncoding.Kind.DECIMAL, 6, 4));
                String text = RowEncoding.sqlRowText(flavour, columns);
                String sql = "SELECT " + text + ", " + RowEncoding.sqlHash60(flavour, text) + ", "
                        + RowEncoding.sqlBucket(flavour, text, 128) + " FROM t ORDER BY id";
                List<Object[]> javaRows = new ArrayList<>();
                try (ResultCursor cursor = ResultCursor.open(jdbi, "SELECT * FROM t ORDER BY id")) {
                    Object[] row;
                    while ((row = cursor.next()) != null) {
                        Object[] withWideAmount = java.util.Arrays.copyOf(row, row.length + 1);
                        withWideAmount[row.length] = row[3];
                        javaRows.add(withWideAmount);
                    }
                }
                int n = 0;
                try (Statement statement = handle.getConnection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                    while (rs.next()) {
                        String javaText = RowEncoding.rowText(columns, javaRows.get(n));
                        assertThat(rs.getString(1)).as("row %d", n).isEqualTo(javaText);
                        assertThat(rs.getLong(2)).as("hash of row %d", n).isEqualTo(RowEncoding.hash60(flavour, javaText));
                        assertThat(rs.getInt(3)).as("bucket of row %d", n).isEqualTo(RowEncoding.bucket(flavour, javaText, 128));
                        n++;
                    }
                }
                assertThat(n).isEqualTo(pg ? 301 : 300);
            }
        }
    }
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "MYSQL"})
    void java_and_sql_agree_on_mysql_only_types(Engine engine) throws Exception {
        try (TestDatabase database = TestServers.of(engine).createDatabase()) {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(h -> {
                h.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, tiny TINYINT, flag TINYINT(1), medium MEDIUMINT,"
                        + " huge BIGINT UNSIGNED, body TEXT, wide DECIMAL(65,30), whole DATETIME,"
                        + " `rank` SMALLINT)");
                h.execute("INSERT INTO t VALUES (1, -128, 1, -8388608, 18446744073709551615, 'Grüße|\\\\N',"
                        + " 12345678901234567890123456789012345.123456789012345678901234567890, '1000-01-01 00:00:00', 7),"
                        + " (2, 127, 0, 8388607, 0, '', -0.000000000000000000000000000001, '9999-12-31 23:59:59', -7),"
                        + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
            });
            try (Handle handle = jdbi.open()) {
                Sql flavour = Sql.of(handle.getConnection());
                List<RowEncoding.Column> columns = new ArrayList<>();
                for (RowEncoding.Described column : RowEncoding.describe(handle, "SELECT * FROM t")) {
                    assertThat(column.kind()).as(column.name()).isNotNull();
                    columns.add(new RowEncoding.Column(flavour.quote(column.label()), column.kind(), column.scale()));
                }
                String text = RowEncoding.sqlRowText(flavour, columns);
                List<String> sqlTexts = handle.createQuery("SELECT " + text + " FROM t ORDER BY id").mapTo(String.class).list();
                List<String> javaTexts = new ArrayList<>();
                try (ResultCursor cursor = ResultCursor.open(jdbi, "SELECT * FROM t ORDER BY id")) {
                    Object[] row;
                    while ((row = cursor.next()) != null) {
                        javaTexts.add(RowEncoding.rowText(columns, row));
                    }
                }
                assertThat(sqlTexts).hasSize(3).isEqualTo(javaTexts);
            }
        }
    }
}
