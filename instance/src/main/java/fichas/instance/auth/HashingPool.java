package fichas.instance.auth;

import fichas.core.http.ApiException;
import fichas.core.http.ErrorCode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded pool where all password hashing of this instance runs (issue 11, item 6): a login storm
 * queues here instead of taking every core from the other requests, and no admitted login outlives the
 * balancer's attempt timeout.
 *
 * <p>It spends at most {@code cores} CPU on hashing: {@code ceil(cores)} threads, and when {@code cores}
 * is fractional each thread rests after a hash for as long as that share requires (a hash that took
 * 60 ms of CPU at a share of 1/3 is followed by 120 ms of rest). With the default
 * ({@code FICHAS_LOGIN_HASH_CORES} = half the machine's cores divided by the number of instances) the
 * hashing of all instances together stays within about half of the machine. The threads run at the OS
 * priority {@code nice} (Linux, 0 = unchanged), so that on a busy machine the requests that hash nothing
 * go first.
 *
 * <p>Admission ({@link LoginAdmission}) uses the measured wall time of recent hashes: a login whose
 * expected wait plus hash is over {@code maxWait}, or that finds {@code maxQueue} logins waiting, is
 * refused at once with {@code 503 unavailable} and a {@code Retry-After} that books it a later slot; a
 * queued login that has waited {@code maxWait} already when its turn comes is refused then instead of
 * hashed; and a caller waits at most {@code deadline} in all (queue and hash), after which it is answered
 * {@code 503} with {@code Retry-After} too (a hash already running finishes in the background and is
 * dropped). Keep {@code deadline} under the balancer's attempt timeout. Thread-safe.
 */
public final class HashingPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HashingPool.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int threads;
    private final double duty;
    private final Duration deadline;
    private final ExecutorService executor;
    private final LoginAdmission admission;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private final LongAdder completed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder late = new LongAdder();

    /**
     * @param cores    CPU this pool may use, in cores (0.05 or more)
     * @param maxWait  longest expected time (queue + hash) admitted; beyond it 503 at once
     * @param deadline longest time a caller waits for its hash (queue + hash); beyond it 503
     * @param maxQueue most callers waiting at once (each holds a worker thread)
     * @param nice     OS niceness of the hashing threads (0–19, Linux; 0 leaves them as they are)
     */
    public HashingPool(double cores, Duration maxWait, Duration deadline, int maxQueue, int nice) {
        this.threads = (int) Math.max(1, Math.ceil(cores - 1e-9));
        this.duty = Math.min(1.0, cores / threads);
        this.deadline = deadline;
        long firstGuess = TimeUnit.MILLISECONDS.toNanos(80);
        this.admission = new LoginAdmission(threads, maxWait.toNanos(), maxQueue, firstGuess, (long) (firstGuess / duty));
        AtomicInteger n = new AtomicInteger();
        CountDownLatch reniced = new CountDownLatch(threads);
        ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(() -> {
                renice(nice);
                reniced.countDown();
                runnable.run();
            }, "password-hash-" + n.incrementAndGet());
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
        // Started and reniced before the first login, so that no login's wait includes starting renice.
        pool.prestartAllCoreThreads();
        try {
            reniced.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        this.executor = pool;
        log.info("password hashing pool: {} threads at nice {}, at most {} cores, {} ms longest expected wait, "
                        + "{} ms deadline, {} waiting at most", threads, nice, Math.round(cores * 100) / 100.0,
                maxWait.toMillis(), deadline.toMillis(), maxQueue);
    }

    /** Runs {@code work} in the pool and returns its result; throws {@code 503 unavailable} when it would be too late. */
    public <T> T run(Callable<T> work) {
        long arrived = System.nanoTime();
        LoginAdmission.Decision decision = admission.arrive(arrived);
        if (!decision.admitted()) {
            throw refusal(decision.retryAfterSeconds());
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicBoolean claimed = new AtomicBoolean();
        try {
            executor.execute(() -> {
                if (claimed.compareAndSet(false, true)) {
                    hash(work, result, arrived);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            admission.abandon();
            throw ApiException.unavailable("this instance is stopping", 1);
        }
        try {
            return result.get(Math.max(1, deadline.toNanos() - (System.nanoTime() - arrived)), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("password hashing failed", e.getCause());
        } catch (TimeoutException e) {
            if (claimed.compareAndSet(false, true)) {
                admission.abandon(); // never started: its thread will skip it
            }
            late.increment();
            throw refusal(admission.refuseLate(System.nanoTime()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while waiting for the password check", 1);
        }
    }

    private <T> void hash(Callable<T> work, CompletableFuture<T> result, long arrived) {
        long startWall = System.nanoTime();
        long retryAfter = admission.start(arrived, startWall);
        if (retryAfter > 0) {
            late.increment();
            result.completeExceptionally(refusal(retryAfter));
            return;
        }
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        long startCpu = cpuNanos();
        try {
            result.complete(work.call());
        } catch (Throwable e) {
            result.completeExceptionally(e);
        } finally {
            running.decrementAndGet();
            completed.increment();
        }
        long hashWall = System.nanoTime() - startWall;
        long spent = cpuNanos() - startCpu;
        if (spent <= 0) {
            spent = hashWall;
        }
        long rest = duty >= 1.0 ? 0 : (long) (spent * (1 / duty - 1));
        if (rest > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(rest, TimeUnit.SECONDS.toNanos(5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        admission.finish(hashWall, System.nanoTime() - startWall);
    }

    private ApiException refusal(long seconds) {
        refused.increment();
        return new ApiException(ErrorCode.UNAVAILABLE, "too many logins at once; try again in " + seconds + " s",
                List.of(), Map.of("Retry-After", Long.toString(seconds)));
    }

    /** Lowers the calling thread's OS priority to {@code nice} (Linux: renice of its own thread id); best effort. */
    private static void renice(int nice) {
        if (nice <= 0) {
            return;
        }
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            String tid = self.getFileName().toString();
            Process p = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                log.warn("could not lower the priority of the password hashing thread {} to nice {}", tid, nice);
            }
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("no per-thread priority here ({}); password hashing runs at normal priority", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /**
     * Counters for tests and monitoring: {@code refused} counts every 503 (at arrival, late in the queue or past the
     * deadline), {@code late} those of them that had been admitted.
     */
    public record Stats(int threads, int waiting, int mostRunningAtOnce, long completed, long refused, long late,
                        double hashMillis, double cycleMillis) {
    }

    public Stats stats() {
        return new Stats(threads, admission.waiting(), mostRunning.get(), completed.sum(), refused.sum(), late.sum(),
                admission.hashNanos() / 1e6, admission.cycleNanos() / 1e6);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
