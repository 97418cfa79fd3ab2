package fichas.instance.auth;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.core.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HashingPoolTest {
    /** About 40 ms of CPU, like a real hash (the pool paces by the CPU its threads spent). */
    private static long burnCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + TimeUnit.MILLISECONDS.toNanos(40);
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < end) {
            x += System.nanoTime() % 7;
        }
        return x;
    }

    @Test
    void hashes_queue_among_themselves_and_past_the_longest_wait_are_refused_at_once_with_spread_retry_after()
            throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(40);
        try (HashingPool pool = new HashingPool(1, Duration.ofMillis(400), 100)) {
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    long started = System.nanoTime();
                    try {
                        return pool.run(() -> {
                            most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                            burnCpu();
                            concurrent.decrementAndGet();
                            return "ok";
                        });
                    } catch (ApiException refused) {
                        return new long[]{System.nanoTime() - started,
                                Long.parseLong(refused.headers().get("Retry-After")), refused.status()};
                    }
                }, callers));
            }
            List<long[]> refusals = new ArrayList<>();
            int served = 0;
            for (CompletableFuture<Object> call : calls) {
                Object outcome = call.get(60, TimeUnit.SECONDS);
                if (outcome instanceof long[] refusal) {
                    refusals.add(refusal);
                } else {
                    served++;
                }
            }

            assertThat(most.get()).as("one thread for one core").isEqualTo(1);
            assertThat(served).isGreaterThanOrEqualTo(2);
            assertThat(refusals).isNotEmpty();
            assertThat(refusals).allSatisfy(r -> {
                assertThat(r[2]).isEqualTo(503);
                assertThat(r[1]).isPositive();
                assertThat(TimeUnit.NANOSECONDS.toMillis(r[0])).as("refused at once, not after a wait").isLessThan(300);
            });
            assertThat(refusals.stream().mapToLong(r -> r[1]).max().orElseThrow())
                    .as("the refused are told to come back at different times")
                    .isGreaterThan(refusals.stream().mapToLong(r -> r[1]).min().orElseThrow());
            assertThat(pool.stats().refused()).isEqualTo(refusals.size());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void a_fractional_share_rests_between_hashes_so_the_pool_uses_about_that_much_cpu() {
        try (HashingPool pool = new HashingPool(0.25, Duration.ofSeconds(30), 100)) {
            long started = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                pool.run(HashingPoolTest::burnCpu);
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            // 6 hashes of >= 40 ms CPU at a quarter of a core: each is followed by >= 120 ms of rest.
            assertThat(elapsed).isGreaterThanOrEqualTo(5 * 160);
            assertThat(pool.stats().cycleMillis()).isGreaterThan(100);
        }
    }
}
