package io.migratest.db.internal;

import io.migratest.db.DatabaseUnavailableException;
import io.migratest.db.Setting;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One slot of embedded PostgreSQL's kept data directories, {@code <base>/slot-<n>}, held by a
 * file lock for as long as this JVM runs its server there: a cluster serves one postmaster, so
 * JVMs that start together each take the first free slot, and each slot keeps its own templates.
 */
final class DataDirectory implements AutoCloseable {

    /** More JVMs than this at once on one machine start with a temporary directory instead. */
    static final int SLOTS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** The first free slot under {@code base}, or {@code null} when all are taken. */
    static DataDirectory claim(Path base) {
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("Cannot keep embedded PostgreSQL's data in " + base.toAbsolutePath()
                    + ": " + e.getMessage() + " => point " + Setting.EMBEDDED_DATA_DIR.key()
                    + " at a writable directory, or set " + Setting.TEMPLATES_CACHE.key() + "=false", e);
        }
        for (int n = 0; n < SLOTS; n++) {
            Path slot = base.resolve("slot-" + n).toAbsolutePath();
            DataDirectory claimed = tryClaim(slot, base.resolve("slot-" + n + ".lock"));
            if (claimed != null) {
                return claimed;
            }
        }
        LOG.info("All {} data directories under {} are in use; embedded PostgreSQL starts in a temporary one",
                SLOTS, base.toAbsolutePath());
        return null;
    }

    private static DataDirectory tryClaim(Path slot, Path lockFile) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DataDirectory(slot, channel, lock);
            }
        } catch (IOException | OverlappingFileLockException e) {
            LOG.debug("Slot {} is not free: {}", slot, e.getMessage());
        }
        closeQuietly(channel);
        return null;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("Releasing {} failed: {}", path, e.getMessage());
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing a lock file failed: {}", e.getMessage());
            }
        }
    }
}
