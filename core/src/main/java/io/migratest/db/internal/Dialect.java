package io.migratest.db.internal;

import io.migratest.db.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Everything Migratest knows about one engine, in one place: how it quotes names, copies and
 * drops databases ({@link ServerDialect}), reads and compares rows ({@link QueryDialect}),
 * writes rows ({@link LoadDialect}) and reads its catalog ({@link CatalogDialect}). There is one
 * implementation per {@link Engine}, found with {@link #of(Engine)}; code outside this package
 * asks the dialect instead of branching on the engine, so a new engine is a new dialect.
 *
 * <p>Adding an engine: its {@link Engine} constant, a class implementing this interface (or
 * extending a near one, as {@link MariaDbDialect} extends {@link MySqlDialect}), its line in
 * {@code Dialects}, and its tests. {@code OneEngineLayerTest} fails when an engine is named
 * anywhere else.
 */
public interface Dialect extends ServerDialect, QueryDialect, LoadDialect, CatalogDialect {

    /** The dialect of {@code engine}. */
    static Dialect of(Engine engine) {
        return Dialects.of(engine);
    }

    /**
     * The dialect of the database behind {@code connection}, for code that is handed only a
     * connection (e.g. {@code Snapshot.of(jdbi, ...)}): the engine whose JDBC driver the
     * connection speaks, read from its URL ({@code jdbc:postgresql:}, {@code jdbc:mysql:},
     * {@code jdbc:mariadb:}), as {@link Engine#vendor()} names them.
     */
    static Dialect of(Connection connection) throws SQLException {
        return Dialects.of(connection);
    }

    /** The engine this dialect speaks for. */
    Engine engine();

    /**
     * The Flyway vendor folder this engine can run when a {@code {vendor}} location has none of
     * its own (see the setting {@code migratest.vendorFallback}). Default: none.
     */
    default Optional<String> fallbackVendor() {
        return Optional.empty();
    }

    /**
     * {@code identifier} quoted as this engine quotes names, the quote character inside doubled:
     * the one quoting function every package uses.
     */
    String quote(String identifier);

    /** How this engine names a session's lock wait, from its own views: the migration step watchdog's. */
    LockWaits lockWaits();
}
