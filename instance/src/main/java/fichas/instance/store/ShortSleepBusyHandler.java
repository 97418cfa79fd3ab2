package fichas.instance.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * Replaces SQLite's default busy handler, which sleeps in steps of up to 100 ms and so turns a
 * 1 ms lock wait by another process into a 100 ms stall. This one parks for 25 µs doubling to
 * 250 µs, so a waiter gets the lock soon after it is released (a retry is one file-lock attempt,
 * a few microseconds), and gives up after the configured timeout (the caller then retries the
 * whole transaction or answers 503).
 *
 * <p>It also records when this process last had to wait, which {@link GroupCommitWriter} uses to
 * leave the lock free for a moment between its groups while other processes want it, and what
 * the waiting cost ({@link #stats()}: waits, retries, wall time and the waiting thread's CPU time
 * between its first and last call), shown by {@code GET /monitoring/cache/status}.
 *
 * <p>One instance per connection; a connection is used by one thread at a time, so the per-wait
 * fields need no synchronisation.
 */
final class ShortSleepBusyHandler extends BusyHandler {
    private static final long FIRST_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(25);
    private static final long MAX_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(250);
    private static final AtomicLong LAST_WAIT_NANOS = new AtomicLong(System.nanoTime() - TimeUnit.HOURS.toNanos(1));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final LongAdder WAITS = new LongAdder();
    private static final LongAdder CALLS = new LongAdder();
    private static final LongAdder WAIT_NANOS = new LongAdder();
    private static final LongAdder CPU_NANOS = new LongAdder();

    private final long timeoutNanos;
    private long waitStartedNanos;
    private long lastCallNanos;
    private long lastCallCpuNanos;

    ShortSleepBusyHandler(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Whether a connection of this process waited for the lock within the last {@code windowNanos}. */
    static boolean contendedWithin(long windowNanos) {
        return System.nanoTime() - LAST_WAIT_NANOS.get() < windowNanos;
    }

    /** What waiting for other processes' locks has cost this process since it started. */
    static Stats stats() {
        return new Stats(WAITS.sum(), CALLS.sum(), WAIT_NANOS.sum(), CPU_NANOS.sum());
    }

    @Override
    protected int callback(int previousInvocations) {
        long now = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        LAST_WAIT_NANOS.lazySet(now);
        CALLS.increment();
        if (previousInvocations == 0) {
            WAITS.increment();
            waitStartedNanos = now;
        } else {
            // The park of the previous call and SQLite's lock attempt since: the cost of this wait so far.
            WAIT_NANOS.add(now - lastCallNanos);
            CPU_NANOS.add(Math.max(0, cpu - lastCallCpuNanos));
            if (now - waitStartedNanos >= timeoutNanos) {
                return 0;
            }
        }
        lastCallNanos = now;
        lastCallCpuNanos = cpu;
        int shift = Math.min(previousInvocations, 4);
        LockSupport.parkNanos(Math.min(FIRST_PARK_NANOS << shift, MAX_PARK_NANOS));
        return 1;
    }

    /** Lock waits (one per statement that found the lock taken), handler calls, wall and CPU nanoseconds spent in them. */
    record Stats(long waits, long calls, long waitNanos, long cpuNanos) {
    }
}
