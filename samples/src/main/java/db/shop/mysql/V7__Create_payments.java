package db.shop.mysql;

import io.migratest.datastep.JdbiMigration;
import org.jdbi.v3.core.Handle;

/**
 * Creates {@code payments}. The payment provider's answer is kept whole in {@code payload}, and
 * its reference is pulled out of it by the database into {@code provider_ref}, which must be
 * there, so a payment the provider did not confirm cannot be recorded. MySQL declares that column
 * NOT NULL; MariaDB, which shares this folder, refuses NOT NULL on a generated column, so there a
 * CHECK says the same. That one difference is why this step is Java.
 */
public class V7__Create_payments extends JdbiMigration {

    @Override
    protected void migrate(Handle handle) throws Exception {
        boolean mariaDb = handle.getConnection().getMetaData().getDatabaseProductName().equalsIgnoreCase("MariaDB");
        String providerRef = "provider_ref VARCHAR(64) GENERATED ALWAYS AS "
                + "(JSON_UNQUOTE(JSON_EXTRACT(payload, '$.ref'))) STORED";
        handle.execute("CREATE TABLE payments ("
                + " id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                + " order_id BIGINT NOT NULL,"
                + " amount DECIMAL(12, 2) NOT NULL,"
                + " method VARCHAR(20) NOT NULL,"
                + " payload JSON NOT NULL,"
                + (mariaDb ? " " + providerRef + "," : " " + providerRef + " NOT NULL,")
                + " CONSTRAINT payments_order FOREIGN KEY (order_id) REFERENCES orders (id),"
                + " CONSTRAINT payments_amount_positive CHECK (amount > 0)"
                + (mariaDb ? ", CONSTRAINT payments_provider_ref_required CHECK (provider_ref IS NOT NULL)" : "")
                + ") ENGINE = InnoDB DEFAULT CHARSET = utf8mb4");
    }
}
