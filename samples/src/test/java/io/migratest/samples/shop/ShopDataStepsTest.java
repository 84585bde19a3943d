package io.migratest.samples.shop;

import static io.migratest.assertj.MigrationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.migratest.compare.Row;
import io.migratest.compare.Snapshot;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.fixture.Fixtures;
import io.migratest.junit.MigrationTest;
import io.migratest.junit.Seed;
import io.migratest.migrate.Migrator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The e-shop's data steps, checked by hand beside {@link ShopMigrationChecksTest}: each test seeds
 * the shop as it is at V9 ({@code fixtures/shop/shop_at_v9.yaml}), migrates step by step and
 * asserts what the steps did to those rows.
 */
@MigrationTest(engines = {Engine.POSTGRES, Engine.MYSQL, Engine.MARIADB},
        locations = {"classpath:db/shop/common", "classpath:db/shop/{vendor}"})
@Seed(atVersion = "9", value = "fixtures/shop/shop_at_v9.yaml")
class ShopDataStepsTest {

    private static final String ORDERS_WITH_COUNTRY =
            "SELECT o.id, o.total, c.country%s FROM orders o JOIN customers c ON c.id = o.customer_id";

    @Test
    void v10_and_v11_renames_keep_every_address_and_name(Migrator migrator, Jdbi jdbi) {
        Snapshot addresses = Snapshot.ofTable(jdbi, "addresses");
        Snapshot names = Snapshot.of(jdbi, "SELECT id, full_name FROM customers");

        migrator.migrateTo("11");

        assertThat(addresses).migratedToTable(jdbi, "customer_addresses").matchingOn("id").hasNoDifferences();
        assertThat(names)
                .migratedTo(jdbi, "SELECT id, display_name FROM customers")
                .matchingOn("id")
                .renaming("full_name", "display_name")
                .hasNoDifferences();
    }

    @Test
    void v13_1_charges_each_order_in_its_customers_currency_and_v14_fills_the_late_ones(Migrator migrator, Jdbi jdbi) {
        migrator.migrateTo("13");
        Snapshot orders = Snapshot.of(jdbi, ORDERS_WITH_COUNTRY.formatted(""));

        migrator.migrateTo("13.1");

        assertThat(orders)
                .migratedTo(jdbi, ORDERS_WITH_COUNTRY.formatted(", o.currency"))
                .matchingOn("id")
                .expecting(row -> Row.of("currency", currencyOf(row.string("country"))))
                .hasNoDifferences();

        // The old code, still running until the next deploy, places an order without a currency.
        jdbi.useHandle(h -> h.execute("INSERT INTO orders (id, customer_id, status, total) VALUES (105, 2, 'new', 1.00)"));
        migrator.migrateTo("14");

        assertThat(jdbi).table("orders").containsRows(Row.of("id", 105, "currency", "EUR"));
        assertThat(jdbi).table("orders").column("currency").hasNoNulls();
        assertThatThrownBy(() -> jdbi.useHandle(h ->
                h.execute("INSERT INTO orders (id, customer_id, status, total) VALUES (106, 2, 'new', 1.00)")))
                .hasMessageContaining("currency");
    }

    @Test
    void v16_fills_email_lower_in_every_batch_and_v17_requires_it(Migrator migrator, TestDatabase database, Jdbi jdbi) {
        migrator.migrateTo("15");
        // Enough customers for three batches of V16, with ids far apart from the fixture's.
        Fixtures.into(database).generate("customers", 1_200, i -> Row.of(
                "id", 1_000 + i,
                "email", " Shopper" + i + "@Example.COM ",
                "display_name", "Shopper " + i));
        Snapshot emails = Snapshot.of(jdbi, "SELECT id, email FROM customers");

        migrator.migrateTo("16");

        assertThat(emails)
                .migratedTo(jdbi, "SELECT id, email, email_lower FROM customers")
                .matchingOn("id")
                .expecting(row -> Row.of("email_lower", row.string("email").strip().toLowerCase(Locale.ROOT)))
                .hasNoDifferences();
        assertThat(jdbi).table("customers").containsRows(Row.of("id", 3, "email_lower", "zoe@example.no"));

        migrator.migrateTo("17.1");

        assertThat(jdbi).table("customers").column("email_lower").hasNoNulls().hasDistinctValues();
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute(
                "INSERT INTO customers (id, email, display_name) VALUES (9000, 'late@example.com', 'Late')")))
                .hasMessageContaining("email_lower");
    }

    @Test
    void v22_records_reservations_beside_stock_changes(Migrator migrator, Jdbi jdbi) {
        migrator.migrateTo("22");

        jdbi.useHandle(h -> {
            h.execute("UPDATE inventory SET reserved = reserved + 3 WHERE warehouse = 'DE' AND product_id = 1");
            h.execute("UPDATE inventory SET on_hand = on_hand - 20 WHERE warehouse = 'GB' AND product_id = 2");
            h.execute("UPDATE inventory SET on_hand = on_hand WHERE warehouse = 'GB' AND product_id = 2");
        });

        List<Map<String, Object>> movements = jdbi.withHandle(h -> h.createQuery(
                        "SELECT warehouse, product_id, delta, reserved_delta FROM inventory_movements ORDER BY id")
                .mapToMap()
                .list());
        assertThat(movements).extracting(m -> m.get("warehouse") + "/" + m.get("product_id") + " "
                        + m.get("delta") + " " + m.get("reserved_delta"))
                .containsExactly("DE/1 0 3", "GB/2 -20 0");
    }

    private static String currencyOf(String country) {
        if (country == null) {
            return "EUR";
        }
        return switch (country) {
            case "GB" -> "GBP";
            case "US" -> "USD";
            case "CH" -> "CHF";
            default -> "EUR";
        };
    }
}
