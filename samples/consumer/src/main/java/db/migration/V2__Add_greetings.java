package db.migration;

import io.migratest.datastep.JdbiMigration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** A Java data step of the application, compiled against migratest-data-steps alone. */
public class V2__Add_greetings extends JdbiMigration {

    @Override
    protected void migrate(Handle handle) {
        PreparedBatch insert = handle.prepareBatch("INSERT INTO greetings (id, language, text) VALUES (:id, :language, :text)");
        insert.bind("id", 1).bind("language", "en").bind("text", "Hello").add();
        insert.bind("id", 2).bind("language", "fr").bind("text", "Bonjour").add();
        insert.bind("id", 3).bind("language", "sv").bind("text", "Hej").add();
        insert.execute();
    }
}
