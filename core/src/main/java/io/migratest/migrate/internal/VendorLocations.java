package io.migratest.migrate.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves {@code {vendor}} in Flyway locations, with MariaDB's fallback: a history written for
 * MySQL and MariaDB often has only a {@code mysql} folder, which MariaDB runs unchanged.
 */
public final class VendorLocations {

    private static final String PLACEHOLDER = "{vendor}";
    private static final String MARIADB = "mariadb";
    private static final String MYSQL = "mysql";

    private VendorLocations() {
    }

    /**
     * {@code location} with {@code {vendor}} replaced by {@code vendor}; for {@code mariadb} with
     * {@code fallback} on, by {@code mysql} when the {@code mariadb} folder does not exist and the
     * {@code mysql} one does.
     */
    public static String resolve(String location, String vendor, boolean fallback, ClassLoader loader) {
        if (vendor == null || !location.contains(PLACEHOLDER)) {
            return location;
        }
        String own = location.replace(PLACEHOLDER, vendor);
        if (!fallback || !vendor.equals(MARIADB) || exists(own, loader)) {
            return own;
        }
        String mysql = location.replace(PLACEHOLDER, MYSQL);
        return exists(mysql, loader) ? mysql : own;
    }

    private static boolean exists(String location, ClassLoader loader) {
        if (location.startsWith("filesystem:")) {
            return Files.isDirectory(Path.of(location.substring("filesystem:".length())));
        }
        String path = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        path = path.replaceAll("^/+", "").replaceAll("/+$", "");
        return loader.getResource(path) != null;
    }
}
