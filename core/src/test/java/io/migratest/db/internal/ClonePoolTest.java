package io.migratest.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pool's bookkeeping when tests take copies from many threads at once, as under JUnit's
 * parallel execution: no copy is handed out twice, and every copy nobody took is dropped at the
 * end. The copies here are names only; the copying itself is tested on real servers
 * ({@link MySqlCloneTest} and the extension's tests).
 */
class ClonePoolTest {

    @Test
    void copies_taken_from_many_threads_are_distinct_and_the_rest_are_dropped() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Set<String> dropped = ConcurrentHashMap.newKeySet();
        ClonePool pool = new ClonePool(2, template -> template + "_copy_" + made.incrementAndGet(), dropped::add);
        int threads = 8;
        int perThread = 25;
        ExecutorService tests = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> taken = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String template = t % 2 == 0 ? "even" : "odd";
            taken.add(tests.submit(() -> {
                start.await();
                List<String> names = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    names.add(pool.take(template));
                }
                return names;
            }));
        }
        start.countDown();
        Set<String> handedOut = ConcurrentHashMap.newKeySet();
        int count = 0;
        for (Future<List<String>> future : taken) {
            List<String> names = future.get();
            handedOut.addAll(names);
            count += names.size();
        }
        tests.shutdown();
        pool.close();

        assertThat(handedOut).as("copies handed out").hasSize(threads * perThread).hasSize(count);
        assertThat(dropped).as("copies nobody took").doesNotContainAnyElementsOf(handedOut);
        assertThat(handedOut.size() + dropped.size()).as("every copy made is handed out or dropped")
                .isEqualTo(made.get());
    }

    @Test
    void a_pool_of_depth_zero_makes_each_copy_when_asked() {
        AtomicInteger made = new AtomicInteger();
        Set<String> dropped = ConcurrentHashMap.newKeySet();
        try (ClonePool pool = new ClonePool(0, template -> template + "_" + made.incrementAndGet(), dropped::add)) {
            assertThat(pool.take("t")).isEqualTo("t_1");
            assertThat(pool.take("t")).isEqualTo("t_2");
        }
        assertThat(dropped).isEmpty();
    }
}
