package db.migration.data;

import io.migratest.datastep.JdbiMigration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Copies every legacy row into {@code users}: names trimmed, e-mail trimmed and in lower case,
 * rows without an e-mail kept with a NULL e-mail. Ids are given in the legacy table's name order.
 */
public class V3__Copy_source_table_to_users extends JdbiMigration {

    @Override
    protected void migrate(Handle handle) {
        // Sorted in Java, not by ORDER BY, so that ids do not depend on the server's collation.
        List<LegacyUser> legacy = handle.createQuery("SELECT name, email FROM source_table")
                .map((rs, ctx) -> new LegacyUser(rs.getString("name").strip(), normaliseEmail(rs.getString("email"))))
                .list();
        legacy.sort(Comparator.comparing(LegacyUser::name).thenComparing(LegacyUser::email,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        PreparedBatch insert = handle.prepareBatch("INSERT INTO users (id, name, email) VALUES (:id, :name, :email)");
        int id = 0;
        for (LegacyUser user : legacy) {
            insert.bind("id", ++id)
                    .bind("name", user.name())
                    .bind("email", user.email())
                    .add();
        }
        if (id > 0) {
            insert.execute();
        }
    }

    private static String normaliseEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    private record LegacyUser(String name, String email) {
    }
}
