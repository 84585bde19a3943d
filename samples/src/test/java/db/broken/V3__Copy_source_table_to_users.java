package db.broken;

import io.migratest.datastep.JdbiMigration;
import org.jdbi.v3.core.Handle;

/**
 * A plausible but broken version of the real V3 data step, kept as a fixture of
 * {@code BrokenDataStepIsCaughtTest}: its WHERE clause silently drops legacy rows that have no
 * e-mail address, and it forgets to normalise names and addresses.
 */
public class V3__Copy_source_table_to_users extends JdbiMigration {

    @Override
    protected void migrate(Handle handle) {
        handle.execute("INSERT INTO users (id, name, email)"
                + " SELECT ROW_NUMBER() OVER (ORDER BY name), name, email FROM source_table"
                + " WHERE email IS NOT NULL");
    }
}
