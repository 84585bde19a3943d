package io.migratest.db;

import java.util.Locale;

/**
 * A database engine Migratest can run migrations on.
 *
 * <p>{@link #MYSQL} and {@link #MARIADB} differ in the JDBC driver used (MySQL Connector/J and
 * MariaDB Connector/J) and in the Flyway vendor folder, so a test suite can prove that its
 * migrations work with both.
 */
public enum Engine {
    POSTGRES("postgresql"),
    MYSQL("mysql"),
    MARIADB("mariadb");

    private final String vendor;

    Engine(String vendor) {
        this.vendor = vendor;
    }

    /**
     * The vendor name Flyway uses in location placeholders ({@code db/migration/{vendor}}):
     * {@code postgresql}, {@code mysql} or {@code mariadb}.
     */
    public String vendor() {
        return vendor;
    }

    /** The lower-case name used in configuration keys, e.g. {@code migratest.postgres.image}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
