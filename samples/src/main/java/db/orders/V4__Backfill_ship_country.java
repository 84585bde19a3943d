package db.orders;

import io.migratest.datastep.JdbiMigration;
import org.jdbi.v3.core.Handle;

/**
 * Copies each order's customer country into {@code orders.ship_country}, in batches of
 * {@value #BATCH_SIZE} order ids, so that a large table is never updated by one huge statement.
 * Customers without a country ship to {@code ZZ} ("unknown"), since V5 makes the column required.
 */
public class V4__Backfill_ship_country extends JdbiMigration {

    static final int BATCH_SIZE = 1000;

    @Override
    protected void migrate(Handle handle) {
        Long maxId = handle.createQuery("SELECT MAX(id) FROM orders").mapTo(Long.class).one();
        if (maxId == null) {
            return;
        }
        long minId = handle.createQuery("SELECT MIN(id) FROM orders").mapTo(Long.class).one();
        for (long from = minId; from <= maxId; from += BATCH_SIZE) {
            handle.createUpdate("UPDATE orders SET ship_country = COALESCE("
                            + "(SELECT c.country FROM customers c WHERE c.id = orders.customer_id), 'ZZ')"
                            + " WHERE id >= :from AND id < :to AND ship_country IS NULL")
                    .bind("from", from)
                    .bind("to", from + BATCH_SIZE)
                    .execute();
        }
    }
}
