package fichas.instance.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * leave the lock free for a moment between its groups while other processes want it.
 *
 * <p>One instance per connection; a connection is used by one thread at a time, so the start
 * time needs no synchronisation.
 */
final class ShortSleepBusyHandler extends BusyHandler {
    private static final long FIRST_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(25);
    private static final long MAX_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(250);
    private static final AtomicLong LAST_WAIT_NANOS = new AtomicLong(System.nanoTime() - TimeUnit.HOURS.toNanos(1));

    private final long timeoutNanos;
    private long waitStartedNanos;

    ShortSleepBusyHandler(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Whether a connection of this process waited for the lock within the last {@code windowNanos}. */
    static boolean contendedWithin(long windowNanos) {
        return System.nanoTime() - LAST_WAIT_NANOS.get() < windowNanos;
    }

    @Override
    protected int callback(int previousInvocations) {
        long now = System.nanoTime();
        LAST_WAIT_NANOS.lazySet(now);
        if (previousInvocations == 0) {
            waitStartedNanos = now;
        } else if (now - waitStartedNanos >= timeoutNanos) {
            return 0;
        }
        int shift = Math.min(previousInvocations, 4);
        LockSupport.parkNanos(Math.min(FIRST_PARK_NANOS << shift, MAX_PARK_NANOS));
        return 1;
    }
}
