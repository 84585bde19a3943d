package migrations.basic;

import io.migratest.datastep.JdbiMigration;
import org.jdbi.v3.core.Handle;

/** A Java data step: trims and capitalises owners through a Jdbi handle. */
public class V3__Normalise_owners extends JdbiMigration {

    @Override
    protected void migrate(Handle handle) {
        handle.createQuery("SELECT id, owner FROM accounts").mapToMap().list().forEach(row -> {
            String owner = ((String) row.get("owner")).strip().toLowerCase(java.util.Locale.ROOT);
            String capitalised = Character.toUpperCase(owner.charAt(0)) + owner.substring(1);
            handle.execute("UPDATE accounts SET owner = ? WHERE id = ?", capitalised, row.get("id"));
        });
    }
}
