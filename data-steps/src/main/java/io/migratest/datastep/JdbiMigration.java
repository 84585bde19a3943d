package io.migratest.datastep;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.Handles;

/**
 * A data step written in Java against a Jdbi {@link Handle}. It is a Flyway Java migration:
 * name the class like a script ({@code V3__Copy_users}) and put it in a package Flyway scans
 * ({@code db.migration} for {@code classpath:db/migration}); it is versioned, ordered and recorded
 * in the history table like any SQL migration, and runs in Flyway's transaction.
 *
 * <pre>{@code
 * public class V3__Copy_users extends JdbiMigration {
 *     protected void migrate(Handle handle) {
 *         handle.execute("INSERT INTO users(name) SELECT trim(name) FROM source_table");
 *     }
 * }
 * }</pre>
 */
public abstract class JdbiMigration extends BaseJavaMigration {

    @Override
    public final void migrate(Context context) throws Exception {
        Jdbi jdbi = Jdbi.create(context.getConnection());
        // Flyway owns the connection and its transaction: the handle must neither commit,
        // roll back nor complain that it closes inside a transaction it did not begin.
        jdbi.getConfig(Handles.class).setForceEndTransactions(false);
        try (Handle handle = jdbi.open()) {
            migrate(handle);
        }
    }

    /** The data step. Exceptions fail the migration and roll back its transaction where the engine can. */
    protected abstract void migrate(Handle handle) throws Exception;
}
