package db.orders;

import io.migratest.datastep.JdbiMigration;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/**
 * Makes {@code orders.ship_country} NOT NULL. The statement differs per engine (PostgreSQL alters
 * the constraint, MySQL and MariaDB restate the column), so this step is Java, not SQL.
 */
public class V5__Require_ship_country extends JdbiMigration {

    @Override
    protected void migrate(Handle handle) throws Exception {
        String product = handle.getConnection().getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            handle.execute("ALTER TABLE orders ALTER COLUMN ship_country SET NOT NULL");
        } else {
            handle.execute("ALTER TABLE orders MODIFY ship_country CHAR(2) NOT NULL");
        }
    }
}
