package io.migratest.db.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The marker of every kept template: one row per template in a table of Migratest's own database
 * {@value #DATABASE}, written once the template is complete. A template database without its row
 * is a build that died half-way; a row is how a later run knows the template is Migratest's,
 * what it was built from (each part's digest, so that a rebuild can name the file that changed),
 * when it was last used and how big it is. Plain SQL, the same on every engine.
 */
final class TemplateRegistry {

    /** Migratest's database of template markers; not a test database, never copied. */
    static final String DATABASE = ManagedServer.NAME_PREFIX + "templates";

    private static final String TABLE = "migratest_template";

    private final DataSource registry;

    TemplateRegistry(DataSource registry) {
        this.registry = registry;
    }

    /** One kept template as its marker describes it. */
    record Entry(String name, String label, String lineage, SortedMap<String, String> digests, long builtAt,
            long usedAt, long sizeBytes, String builtBy) {
    }

    void createTable() throws SQLException {
        try (Connection connection = registry.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (name VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " label TEXT NOT NULL, lineage VARCHAR(64) NOT NULL, digests TEXT NOT NULL,"
                    + " built_at BIGINT NOT NULL, used_at BIGINT NOT NULL, size_bytes BIGINT NOT NULL,"
                    + " built_by VARCHAR(64) NOT NULL)");
        }
    }

    Optional<Entry> find(String name) throws SQLException {
        List<Entry> found = select(" WHERE name = ?", name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The most recently built template of {@code lineage} other than {@code name}: what a rebuild is compared with. */
    Optional<Entry> previous(String lineage, String name) throws SQLException {
        return select(" WHERE lineage = ? ORDER BY built_at DESC", lineage).stream()
                .filter(entry -> !entry.name().equals(name)).findFirst();
    }

    List<Entry> all() throws SQLException {
        return select(" ORDER BY used_at", null);
    }

    void put(Entry entry) throws SQLException {
        try (Connection connection = registry.getConnection()) {
            delete(connection, entry.name());
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                    + " (name, label, lineage, digests, built_at, used_at, size_bytes, built_by)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, entry.name());
                insert.setString(2, entry.label());
                insert.setString(3, entry.lineage());
                insert.setString(4, encode(entry.digests()));
                insert.setLong(5, entry.builtAt());
                insert.setLong(6, entry.usedAt());
                insert.setLong(7, entry.sizeBytes());
                insert.setString(8, entry.builtBy());
                insert.executeUpdate();
            }
        }
    }

    void touch(String name, long usedAt) throws SQLException {
        try (Connection connection = registry.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET used_at = ? WHERE name = ?")) {
            update.setLong(1, usedAt);
            update.setString(2, name);
            update.executeUpdate();
        }
    }

    void delete(String name) throws SQLException {
        try (Connection connection = registry.getConnection()) {
            delete(connection, name);
        }
    }

    private static void delete(Connection connection, String name) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE name = ?")) {
            delete.setString(1, name);
            delete.executeUpdate();
        }
    }

    private List<Entry> select(String where, String parameter) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (Connection connection = registry.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT name, label, lineage, digests, built_at,"
                        + " used_at, size_bytes, built_by FROM " + TABLE + where)) {
            if (parameter != null) {
                query.setString(1, parameter);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), decode(rs.getString(4)),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getString(8)));
                }
            }
        }
        return entries;
    }

    // one "part<TAB>digest" line per part; part names are file paths and words, never tabs or newlines
    static String encode(Map<String, String> digests) {
        StringBuilder text = new StringBuilder();
        digests.forEach((part, digest) -> text.append(part.replace('\t', ' ').replace('\n', ' '))
                .append('\t').append(digest).append('\n'));
        return text.toString();
    }

    static SortedMap<String, String> decode(String text) {
        SortedMap<String, String> digests = new TreeMap<>();
        for (String line : text.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                digests.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return digests;
    }
}
