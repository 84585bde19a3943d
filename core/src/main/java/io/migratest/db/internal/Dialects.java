package io.migratest.db.internal;

import io.migratest.db.Engine;

/** What differs per engine when talking to a server: the dialect and the JDBC URL options. */
final class Dialects {

    private Dialects() {
    }

    static Dialect of(Engine engine) {
        return engine == Engine.POSTGRES ? new PostgresDialect() : new MySqlDialect();
    }

    /**
     * Driver options that make batched inserts (fixtures, generated rows) one round trip: pgjdbc
     * and MySQL Connector/J rewrite a batch into multi-row inserts; MariaDB Connector/J 3 sends
     * batched inserts in bulk by default ({@code useBulkStmtsForInserts}), so it needs none.
     */
    static String batchOptions(Engine engine) {
        return switch (engine) {
            case POSTGRES -> "reWriteBatchedInserts=true";
            case MYSQL -> "rewriteBatchedStatements=true";
            case MARIADB -> "";
        };
    }
}
