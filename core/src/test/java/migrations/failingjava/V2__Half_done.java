package migrations.failingjava;

import io.migratest.datastep.JdbiMigration;
import org.jdbi.v3.core.Handle;

/** Writes a row, then fails: the row must not survive on an engine with transactional DML. */
public class V2__Half_done extends JdbiMigration {

    @Override
    protected void migrate(Handle handle) {
        handle.execute("INSERT INTO accounts (id, owner) VALUES (1, 'half')");
        throw new IllegalStateException("owner 'half' has no account number");
    }
}
