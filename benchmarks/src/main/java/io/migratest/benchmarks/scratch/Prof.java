package io.migratest.benchmarks.scratch;

import io.migratest.db.DatabaseServer;
import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import io.migratest.db.internal.ManagedServer;
import io.migratest.db.internal.PostgresDialect;
import io.migratest.db.internal.SimpleDataSource;
import io.migratest.migrate.Migrator;
import io.migratest.migrate.MigrationStep;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.ClassicConfiguration;

public final class Prof {
    public static void main(String[] args) throws Exception {
        String base = "jdbc:postgresql://127.0.0.1:5432/";
        String loc = "classpath:checks-history";
        try (DatabaseServer server = new ManagedServer(Engine.POSTGRES, "server", new PostgresDialect(),
                new SimpleDataSource(base + "postgres", "postgres", ""), db -> base + db, "postgres", "", () -> { })) {
            for (int round = 0; round < 3; round++) {
                try (TestDatabase db = server.createDatabase()) {
                    Migrator m = Migrator.configure(db).locations(loc).load();
                    long t0 = System.nanoTime();
                    var steps = m.info();
                    long t1 = System.nanoTime();
                    m.currentVersion();
                    long t2 = System.nanoTime();
                    ClassicConfiguration c = new ClassicConfiguration(Flyway.configure().dataSource(db.dataSource()).locations(loc));
                    long t3 = System.nanoTime();
                    new ClassicConfiguration(c);
                    long t4 = System.nanoTime();
                    new Flyway(c);
                    long t5 = System.nanoTime();
                    long migrate = 0;
                    for (MigrationStep s : steps) {
                        long a = System.nanoTime();
                        m.migrateTo(s.version());
                        migrate += System.nanoTime() - a;
                    }
                    System.out.printf("info %.1f current %.1f newConfig %.1f copyConfig %.1f newFlyway %.1f migrateTo avg %.1f%n",
                            (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6, migrate / 1e6 / steps.size());
                }
                try (TestDatabase db = server.createDatabase()) {
                    long a = System.nanoTime();
                    Flyway.configure().dataSource(db.dataSource()).locations(loc).load().migrate();
                    System.out.printf("plain %.1f%n", (System.nanoTime() - a) / 1e6);
                }
            }
        }
    }
}
