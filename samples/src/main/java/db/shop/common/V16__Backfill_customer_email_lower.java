package db.shop.common;

import io.migratest.datastep.JdbiMigration;
import org.jdbi.v3.core.Handle;

/**
 * Fills {@code customers.email_lower} from {@code email}, {@value #BATCH_SIZE} customer ids at a
 * time, so that no single statement locks the whole table. Rows that already have a value keep
 * it; V17 catches the customers who sign up while this runs.
 */
public class V16__Backfill_customer_email_lower extends JdbiMigration {

    static final int BATCH_SIZE = 500;

    @Override
    protected void migrate(Handle handle) {
        Long maxId = handle.createQuery("SELECT MAX(id) FROM customers").mapTo(Long.class).one();
        if (maxId == null) {
            return;
        }
        long minId = handle.createQuery("SELECT MIN(id) FROM customers").mapTo(Long.class).one();
        for (long from = minId; from <= maxId; from += BATCH_SIZE) {
            handle.createUpdate("UPDATE customers SET email_lower = LOWER(TRIM(email))"
                            + " WHERE id >= :from AND id < :to AND email_lower IS NULL")
                    .bind("from", from)
                    .bind("to", from + BATCH_SIZE)
                    .execute();
        }
    }
}
