package io.migratest.db.internal;

import io.migratest.db.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;

/** Where a {@link Dialect} is chosen: once, from the {@link Engine}. */
final class Dialects {

    // Dialects hold no state, so one of each serves every caller.
    private static final Map<Engine, Dialect> BY_ENGINE = new EnumMap<>(Engine.class);

    static {
        for (Engine engine : Engine.values()) {
            BY_ENGINE.put(engine, switch (engine) {
                case POSTGRES -> new PostgresDialect();
                case MYSQL -> new MySqlDialect();
                case MARIADB -> new MariaDbDialect();
            });
        }
    }

    private Dialects() {
    }

    static Dialect of(Engine engine) {
        return BY_ENGINE.get(engine);
    }

    static Dialect of(Connection connection) throws SQLException {
        String url = String.valueOf(connection.getMetaData().getURL());
        for (Engine engine : Engine.values()) {
            if (url.startsWith("jdbc:" + engine.vendor() + ":")) {
                return of(engine);
            }
        }
        throw new SQLException("Migratest speaks to PostgreSQL, MySQL and MariaDB through their own JDBC drivers"
                + " (jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb:), not to " + JdbcUrls.mask(url));
    }
}
