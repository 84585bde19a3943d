package io.migratest.migrate.internal;

import io.migratest.db.internal.LockWaits;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Bounds each migration step: a Flyway callback that learns the server's id of the migration's
 * connection before each step and, when the step is still running after the bound, reads from a
 * second connection what it waits for and who holds that, then cancels its statement. The
 * migrator adds the diagnosis to its failure.
 */
public final class StepWatchdog implements Callback {

    private final LockWaits lockWaits;
    private final DataSource observers;
    private final Duration bound;
    // a migrator's steps run one after another, but not necessarily on one thread
    private volatile Watch watch;
    private volatile String diagnosis;

    public StepWatchdog(LockWaits lockWaits, DataSource observers, Duration bound) {
        this.lockWaits = lockWaits;
        this.observers = observers;
        this.bound = bound;
    }

    public Duration bound() {
        return bound;
    }

    /** What the server's views said when the last step passed its bound, if it did. */
    public Optional<String> diagnosis() {
        return Optional.ofNullable(diagnosis);
    }

    /** Forgets the last diagnosis, before a new migrate. */
    public void reset() {
        diagnosis = null;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE_ERROR;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        stop();
        if (event == Event.BEFORE_EACH_MIGRATE) {
            try {
                watch = new Watch(lockWaits.sessionId(context.getConnection()));
            } catch (SQLException e) {
                return; // no id, no watch: the step runs unbounded rather than not at all
            }
            watch.thread.start();
        }
    }

    /**
     * Ends the current step's watch, if any: after a migrate, so that a step Flyway left without
     * its after-callback never has a later statement of the same session cancelled.
     */
    public void stop() {
        if (watch != null) {
            watch.done.countDown();
            try {
                watch.thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            watch = null;
        }
    }

    @Override
    public String getCallbackName() {
        return "migratest-step-watchdog";
    }

    private final class Watch {
        final CountDownLatch done = new CountDownLatch(1);
        final Thread thread;

        Watch(long session) {
            thread = new Thread(() -> watch(session), "migratest-step-watchdog");
            thread.setDaemon(true);
        }

        private void watch(long session) {
            try {
                if (done.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            try (Connection observer = observers.getConnection()) {
                String text;
                try {
                    text = lockWaits.describe(observer, session);
                } catch (SQLException e) {
                    text = "the server's views could not be read: " + e.getMessage();
                }
                diagnosis = text;
                lockWaits.cancel(observer, session);
            } catch (SQLException e) {
                diagnosis = (diagnosis == null ? "" : diagnosis + "\n  ")
                        + "could not cancel the step (" + e.getMessage() + "): it may still be running";
            }
        }
    }
}
