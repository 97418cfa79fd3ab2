package fichas.instance.auth;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.core.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
        try (HashingPool pool = new HashingPool(1, Duration.ofMillis(1500), Duration.ofSeconds(8), 100, 0)) {
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
                assertThat(TimeUnit.NANOSECONDS.toMillis(r[0])).as("never past the deadline").isLessThan(8_000 + 2_000);
            });
            assertThat(refusals).as("most of the refused are refused at once, not after a wait")
                    .filteredOn(r -> TimeUnit.NANOSECONDS.toMillis(r[0]) < 300).hasSizeGreaterThan(refusals.size() / 2);
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
        try (HashingPool pool = new HashingPool(0.25, Duration.ofSeconds(30), Duration.ofSeconds(30), 100, 0)) {
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

    @Test
    void a_caller_is_answered_503_with_retry_after_at_its_deadline_even_when_the_hash_ahead_of_it_hangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (HashingPool pool = new HashingPool(1, Duration.ofMillis(400), Duration.ofMillis(700), 100, 0)) {
            List<CompletableFuture<long[]>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    long started = System.nanoTime();
                    try {
                        pool.run(() -> release.await(30, TimeUnit.SECONDS));
                        return new long[]{200, 0, System.nanoTime() - started};
                    } catch (ApiException refused) {
                        return new long[]{refused.status(), Long.parseLong(refused.headers().get("Retry-After")),
                                System.nanoTime() - started};
                    }
                }, callers));
            }
            for (CompletableFuture<long[]> call : calls) {
                long[] outcome = call.get(10, TimeUnit.SECONDS);
                assertThat(outcome[0]).as("the running hash and the one queued behind it both give up").isEqualTo(503);
                assertThat(outcome[1]).isPositive();
                assertThat(TimeUnit.NANOSECONDS.toMillis(outcome[2])).isBetween(600L, 3_000L);
            }
            release.countDown();
            assertThat(pool.stats().late()).isEqualTo(2);
            assertThat(pool.stats().waiting()).isZero();
        } finally {
            callers.shutdownNow();
        }
    }
}
