package io.migratest.samples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.compare.Row;
import io.migratest.db.TestDatabase;
import io.migratest.fixture.Fixtures;
import io.migratest.db.Engine;
import io.migratest.junit.MigrationTest;
import io.migratest.junit.Seed;
import io.migratest.migrate.Migrator;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * A multi-step data migration checked step by step: V3 adds {@code orders.ship_country}, V4 fills
 * it from the customers in batches, V5 makes it NOT NULL. Each test seeds the database as it is
 * at V3, then runs one migration at a time and looks at the data in between.
 */
@MigrationTest(engines = {Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB}, locations = "classpath:db/orders")
class ShipCountryBackfillTest {

    @Test
    @Seed(atVersion = "3", value = "fixtures/orders/shop_at_v3.yaml")
    void v4_back_fills_ship_country_and_v5_then_requires_it(Migrator migrator, Jdbi jdbi) {
        assertThat(migrator.currentVersion()).hasValue("3");
        assertThat(shipCountries(jdbi)).containsExactly(
                Map.entry(1L, "null"), Map.entry(2L, "null"), Map.entry(3L, "null"), Map.entry(1500L, "null"));

        assertThat(migrator.migrateOneStep()).hasValue("4");

        assertThat(shipCountries(jdbi)).containsExactly(
                Map.entry(1L, "GB"), Map.entry(2L, "GB"), Map.entry(3L, "NO"), Map.entry(1500L, "ZZ"));

        assertThat(migrator.migrateOneStep()).hasValue("5");

        assertThat(migrator.pending()).isEmpty();
        assertThatThrownBy(() -> jdbi.useHandle(h ->
                h.execute("INSERT INTO orders (id, customer_id, total_cents) VALUES (2000, 10, 5)")))
                .hasMessageContaining("ship_country");
    }

    @Test
    @Seed(atVersion = "3", value = "fixtures/orders/customers.csv")
    void v4_reaches_every_batch_of_a_large_table(Migrator migrator, TestDatabase database, Jdbi jdbi) {
        Fixtures.into(database).generate("orders", 25_000, i -> Row.of(
                "id", i + 1,
                "customer_id", i % 3 + 1,
                "total_cents", (i * 7919) % 100_000));

        migrator.migrateOneStep();

        List<String> perCountry = jdbi.withHandle(h -> h.createQuery(
                        "SELECT ship_country, COUNT(*) AS n FROM orders GROUP BY ship_country ORDER BY ship_country")
                .map((rs, ctx) -> rs.getString("ship_country") + "=" + rs.getLong("n"))
                .list());
        assertThat(perCountry).containsExactly("GB=8334", "US=8333", "ZZ=8333");
    }

    private static List<Map.Entry<Long, String>> shipCountries(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, ship_country FROM orders ORDER BY id")
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), String.valueOf(rs.getString("ship_country"))))
                .list());
    }
}
