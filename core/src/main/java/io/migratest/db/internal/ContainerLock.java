package io.migratest.db.internal;

import io.migratest.db.DatabaseUnavailableException;
import io.migratest.db.Engine;
import io.migratest.db.Setting;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The turn of one JVM (and one thread in it) to look for a reused container and start it when
 * there is none: a file lock on {@code <directory>/container-<identity>.lock}, so that JVMs that
 * start at once start one container between them and the others find it. The operating system
 * drops the lock of a JVM that dies, so a killed run never blocks the next. The wait is bounded:
 * the holder is pulling an image or starting a container, both bounded themselves.
 */
final class ContainerLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLock.class);
    private static final long POLL_MILLIS = 100;

    // Within one JVM the threads take turns first: a second channel on a file that another holds
    // a lock on may release that lock when it closes (POSIX locks belong to the process). Not
    // reentrant: a thread that asked twice would open that second channel.
    private static final ConcurrentMap<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Semaphore turn;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed; // a second close must not give the JVM's turn away twice

    private ContainerLock(Semaphore turn, FileChannel channel, FileLock lock) {
        this.turn = turn;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits up to {@code wait} for the turn to find or start the {@code engine} container named
     * {@code identity}.
     *
     * @throws DatabaseUnavailableException when the directory cannot hold the lock or the wait is over
     */
    static ContainerLock take(Path directory, String identity, Engine engine, Duration wait) {
        Path file = directory.resolve("container-" + identity + ".lock").toAbsolutePath().normalize();
        long deadline = System.nanoTime() + wait.toNanos();
        Semaphore turn = IN_THIS_JVM.computeIfAbsent(file, f -> new Semaphore(1));
        try {
            if (!turn.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw waitedTooLong(engine, file, wait, "another thread of this JVM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("Interrupted while waiting to start the reused " + engine
                    + " container (lock " + file + ")", e);
        }
        try {
            FileChannel channel = open(file, engine);
            try {
                return new ContainerLock(turn, channel, fileLock(channel, file, engine, wait, deadline));
            } catch (RuntimeException e) {
                closeQuietly(channel);
                throw e;
            }
        } catch (RuntimeException e) {
            turn.release();
            throw e;
        }
    }

    /** The lock on {@code channel}'s file, once no other JVM holds it, waiting until {@code deadline}. */
    private static FileLock fileLock(FileChannel channel, Path file, Engine engine, Duration wait, long deadline) {
        try {
            FileLock taken = channel.tryLock();
            if (taken == null) {
                LOG.info("Another JVM is finding or starting the reused {} container; waiting for it (lock {})", engine, file);
            }
            while (taken == null) {
                if (System.nanoTime() - deadline > 0) {
                    throw waitedTooLong(engine, file, wait, "another JVM");
                }
                Thread.sleep(POLL_MILLIS);
                taken = channel.tryLock();
            }
            return taken;
        } catch (IOException e) {
            throw cannotLock(engine, file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("Interrupted while waiting to start the reused " + engine
                    + " container (lock " + file + ")", e);
        }
    }

    private static FileChannel open(Path file, Engine engine) {
        try {
            Files.createDirectories(file.getParent());
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw cannotLock(engine, file, e);
        }
    }

    private static DatabaseUnavailableException cannotLock(Engine engine, Path file, IOException e) {
        return new DatabaseUnavailableException("Cannot take the lock that lets one JVM at a time start the reused "
                + engine + " container: " + file + ": " + e + " => point " + Setting.CONTAINERS_LOCK_DIR.key() + " ("
                + Setting.CONTAINERS_LOCK_DIR.environmentName() + ") at a writable directory, or set "
                + Setting.CONTAINERS_REUSE.key() + "=false", e);
    }

    private static DatabaseUnavailableException waitedTooLong(Engine engine, Path file, Duration wait, String holder) {
        return new DatabaseUnavailableException("Waited " + wait.toSeconds() + " s for " + holder + " to find or start"
                + " the reused " + engine + " container, and it still holds the lock " + file + " => look for a run"
                + " stuck starting it (a process that holds the file open: fuser " + file + "), or raise "
                + Setting.PULL_TIMEOUT.key() + ", which this wait adds to the time a container may take to start");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("Releasing {} failed: {}", lock, e.getMessage());
        } finally {
            closeQuietly(channel);
            turn.release();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing a container lock file failed: {}", e.getMessage());
        }
    }
}
