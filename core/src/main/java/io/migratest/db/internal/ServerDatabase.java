package io.migratest.db.internal;

import io.migratest.db.Engine;
import io.migratest.db.TestDatabase;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * A database created by a {@link ManagedServer}; closing it drops it, except for a kept template
 * ({@link TemplateCache}), which later runs reuse.
 */
final class ServerDatabase implements TestDatabase {

    private final ManagedServer server;
    private final Engine engine;
    private final String name;
    private final String url;
    private final String user;
    private final String password;
    private final DataSource dataSource;
    private final Jdbi jdbi;
    private final boolean keptTemplate;

    ServerDatabase(ManagedServer server, Engine engine, String name, String url, String user, String password) {
        this(server, engine, name, url, user, password, false);
    }

    ServerDatabase(ManagedServer server, Engine engine, String name, String url, String user, String password,
            boolean keptTemplate) {
        this.server = server;
        this.keptTemplate = keptTemplate;
        this.engine = engine;
        this.name = name;
        this.url = url;
        this.user = user;
        this.password = password;
        this.dataSource = new SimpleDataSource(url, user, password, Dialect.of(engine), Timeouts.forWork(server.settings()));
        this.jdbi = Jdbi.create(dataSource);
        JdbiSettings.attach(jdbi, server.settings());
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String jdbcUrl() {
        return url;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void keep() {
        if (!keptTemplate) {
            server.keep(name);
        }
    }

    @Override
    public void close() {
        if (!keptTemplate) {
            server.drop(name);
        }
    }

    /** As {@link #close()}, the drop left to the server's background thread ({@link ManagedServer#closeInBackground}). */
    void closeInBackground() {
        if (!keptTemplate) {
            server.dropInBackground(name);
        }
    }

    @Override
    public String toString() {
        return engine + " database " + name + " (" + JdbcUrls.mask(url) + ")";
    }
}
