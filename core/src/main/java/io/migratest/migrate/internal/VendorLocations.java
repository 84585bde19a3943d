package io.migratest.migrate.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves {@code {vendor}} in Flyway locations, with the engine's fallback folder (the dialect's
 * {@code fallbackVendor()}: {@code mysql} for MariaDB) when the engine has no folder of its own.
 */
public final class VendorLocations {

    private static final String PLACEHOLDER = "{vendor}";

    private VendorLocations() {
    }

    /**
     * {@code location} with {@code {vendor}} replaced by {@code vendor}, or by {@code fallback}
     * (when not {@code null}) if the {@code vendor} folder does not exist and the other one does.
     */
    public static String resolve(String location, String vendor, String fallback, ClassLoader loader) {
        if (vendor == null || !location.contains(PLACEHOLDER)) {
            return location;
        }
        String own = location.replace(PLACEHOLDER, vendor);
        if (fallback == null || exists(own, loader)) {
            return own;
        }
        String other = location.replace(PLACEHOLDER, fallback);
        return exists(other, loader) ? other : own;
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
