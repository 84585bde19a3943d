package io.migratest.db.internal;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps copies of each template ready, made on a background thread while tests run, so that
 * handing a test its database costs the same whatever the template's size. A test that comes
 * before its copy is ready makes one itself, so nothing waits on the pool.
 */
final class ClonePool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClonePool.class);

    private final int depth;
    private final UnaryOperator<String> copy;
    private final Consumer<String> discard;
    private final Map<String, BlockingQueue<String>> ready = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "migratest-clone-pool");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    /**
     * @param depth   how many copies of each template to keep ready (0 turns the pool off)
     * @param copy    makes a copy of the named template and returns the copy's name
     * @param discard drops a copy nobody took
     */
    ClonePool(int depth, UnaryOperator<String> copy, Consumer<String> discard) {
        this.depth = depth;
        this.copy = copy;
        this.discard = discard;
    }

    /** A copy of {@code template}: a ready one if there is, else one made now. */
    String take(String template) {
        String name = depth == 0 ? null : queue(template).poll();
        if (name == null) {
            name = copy.apply(template);
        }
        refill(template);
        return name;
    }

    private BlockingQueue<String> queue(String template) {
        return ready.computeIfAbsent(template, t -> new LinkedBlockingQueue<>());
    }

    private void refill(String template) {
        if (depth == 0 || closed) {
            return;
        }
        AtomicInteger pending = inFlight.computeIfAbsent(template, t -> new AtomicInteger());
        int wanted = depth - queue(template).size();
        // tests take copies from several threads at once: count this one in only if still wanted
        if (pending.getAndUpdate(n -> n < wanted ? n + 1 : n) >= wanted) {
            return;
        }
        try {
            worker.execute(() -> prepare(template, pending));
        } catch (RejectedExecutionException e) {
            // closed meanwhile: the server is going away, nobody needs the copy
            pending.decrementAndGet();
        }
    }

    /** On the worker: makes one copy for the queue. */
    private void prepare(String template, AtomicInteger pending) {
        try {
            if (!closed) {
                queue(template).add(copy.apply(template));
            }
        } catch (RuntimeException e) {
            // The next take makes its copy itself and reports the error to its test.
            LOG.debug("Could not prepare a copy of {}: {}", template, e.getMessage());
        } finally {
            pending.decrementAndGet();
        }
    }

    /** Stops making copies and drops those nobody took. */
    @Override
    public void close() {
        closed = true;
        worker.shutdown();
        try {
            worker.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ready.values().forEach(queue -> queue.forEach(discard));
        ready.clear();
    }
}
