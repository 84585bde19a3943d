package io.migratest.benchmarks.scratch;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.ManagedServer;
import io.migratest.db.internal.PostgresDialect;
import io.migratest.db.internal.SimpleDataSource;
import org.flywaydb.core.Flyway;

public final class Prof2 {
    public static void main(String[] args) throws Exception {
        String base = "jdbc:postgresql://127.0.0.1:5432/";
        String loc = "classpath:checks-history";
        try (DatabaseServer server = new ManagedServer(Engine.POSTGRES, "server", new PostgresDialect(),
                new SimpleDataSource(base + "postgres", "postgres", ""), db -> base + db, "postgres", "", () -> { })) {
            try (TestDatabase db = server.createDatabase()) {
                Flyway.configure().dataSource(db.dataSource()).locations(loc).target("5").load().migrate();
                for (String t : new String[] {"3", "6.5", "99", "5"}) {
                    try {
                        var r = Flyway.configure().dataSource(db.dataSource()).locations(loc).target(t).load().migrate();
                        System.out.println(t + " -> executed " + r.migrationsExecuted + " warnings " + r.warnings);
                    } catch (Exception e) {
                        System.out.println(t + " -> " + e);
                    }
                }
            }
        }
    }
}
