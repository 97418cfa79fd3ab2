package fichas.instance.auth;

import fichas.core.http.ErrorCode;
import fichas.core.http.ApiException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded pool where all password hashing of this instance runs (issue 11, item 6): a login storm
 * queues here instead of taking every core from the other requests.
 *
 * <p>It spends at most {@code cores} CPU on hashing: {@code ceil(cores)} threads, and when {@code cores}
 * is fractional each thread rests after a hash for as long as that share requires (a hash that took
 * 60 ms of CPU at a share of 1/3 is followed by 120 ms of rest). With the default
 * ({@code FICHAS_LOGIN_HASH_CORES} = half the machine's cores divided by the number of instances) the
 * hashing of all instances together stays within about half of the machine.
 *
 * <p>A caller waits for its turn on its worker thread. When the expected wait for a new hash
 * (hashes queued ahead × the measured time per hash ÷ threads) is over {@code maxWait}, or
 * {@code maxQueue} callers are waiting already, the call is refused at once with
 * {@code 503 unavailable} and a {@code Retry-After} that spreads the refused callers over the time
 * the pool needs to serve them: each refusal books the next free slot after the current queue, so a
 * thousand refused clients do not all come back in the same second. Thread-safe.
 */
public final class HashingPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HashingPool.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int threads;
    private final double duty;
    private final Duration maxWait;
    private final int maxQueue;
    private final ExecutorService executor;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    /** Mean wall time one thread is taken by one hash, rest included (nanoseconds; EWMA). */
    private final AtomicLong cycleNanos;
    private final AtomicLong nextSlotNanos = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder completed = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /**
     * @param cores    CPU this pool may use, in cores (0.05 or more)
     * @param maxWait  longest expected wait accepted before refusing with 503
     * @param maxQueue most callers waiting at once (each holds a worker thread)
     */
    public HashingPool(double cores, Duration maxWait, int maxQueue) {
        this.threads = (int) Math.max(1, Math.ceil(cores - 1e-9));
        this.duty = Math.min(1.0, cores / threads);
        this.maxWait = maxWait;
        this.maxQueue = maxQueue;
        this.cycleNanos = new AtomicLong((long) (TimeUnit.MILLISECONDS.toNanos(80) / duty));
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "password-hash-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        log.info("password hashing pool: {} threads, at most {} cores, {} ms longest expected wait, {} waiting at most",
                threads, Math.round(cores * 100) / 100.0, maxWait.toMillis(), maxQueue);
    }

    /** Runs {@code work} in the pool and returns its result; throws {@code 503 unavailable} when the wait would be too long. */
    public <T> T run(Callable<T> work) {
        long now = System.nanoTime();
        int ahead = waiting.get();
        long expected = (ahead + 1) * cycleNanos.get() / threads;
        if (ahead >= maxQueue || expected > maxWait.toNanos()) {
            throw refuse(now, expected);
        }
        waiting.incrementAndGet();
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> hash(work, result));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            waiting.decrementAndGet();
            throw ApiException.unavailable("this instance is stopping", 1);
        }
        try {
            // Accepted calls normally finish within maxWait; the bound only keeps a worker from waiting forever.
            return result.get(maxWait.toMillis() * 4 + 30_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("password hashing failed", e.getCause());
        } catch (TimeoutException e) {
            throw ApiException.unavailable("logins are queued longer than expected, try again shortly", 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while waiting for the password check", 1);
        }
    }

    private <T> void hash(Callable<T> work, CompletableFuture<T> result) {
        waiting.decrementAndGet();
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        long startWall = System.nanoTime();
        long startCpu = cpuNanos();
        try {
            result.complete(work.call());
        } catch (Throwable e) {
            result.completeExceptionally(e);
        } finally {
            running.decrementAndGet();
            completed.increment();
        }
        long spent = cpuNanos() - startCpu;
        if (spent <= 0) {
            spent = System.nanoTime() - startWall;
        }
        long rest = duty >= 1.0 ? 0 : (long) (spent * (1 / duty - 1));
        if (rest > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(rest, TimeUnit.SECONDS.toNanos(5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long cycle = System.nanoTime() - startWall;
        cycleNanos.getAndUpdate(old -> old + (cycle - old) / 8);
    }

    private ApiException refuse(long now, long expected) {
        refused.increment();
        long slot = cycleNanos.get() / threads;
        long at = nextSlotNanos.updateAndGet(previous -> {
            long earliest = now + expected;
            return (previous == Long.MIN_VALUE || previous - earliest < 0 ? earliest : previous) + slot;
        });
        long seconds = Math.max(1, (at - now + 999_999_999L) / 1_000_000_000L);
        return new ApiException(ErrorCode.UNAVAILABLE, "too many logins at once; try again in " + seconds + " s",
                List.of(), Map.of("Retry-After", Long.toString(seconds)));
    }

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** Counters for tests and monitoring. */
    public record Stats(int threads, int waiting, int mostRunningAtOnce, long completed, long refused, double cycleMillis) {
    }

    public Stats stats() {
        return new Stats(threads, waiting.get(), mostRunning.get(), completed.sum(), refused.sum(),
                cycleNanos.get() / 1e6);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
