package fichas.instance.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * Replaces SQLite's default busy handler, which sleeps in steps of up to 100 ms and so turns a
 * 1 ms lock wait by another process into a 100 ms stall. This one parks for 50 µs doubling to
 * 1 ms, so a waiter gets the lock soon after it is released, and gives up after the configured
 * timeout (the caller then retries the whole transaction or answers 503).
 *
 * <p>One instance per connection; a connection is used by one thread at a time, so the start
 * time needs no synchronisation.
 */
final class ShortSleepBusyHandler extends BusyHandler {
    private static final long FIRST_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final long timeoutNanos;
    private long waitStartedNanos;

    ShortSleepBusyHandler(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    protected int callback(int previousInvocations) {
        long now = System.nanoTime();
        if (previousInvocations == 0) {
            waitStartedNanos = now;
        } else if (now - waitStartedNanos >= timeoutNanos) {
            return 0;
        }
        int shift = Math.min(previousInvocations, 5);
        LockSupport.parkNanos(Math.min(FIRST_PARK_NANOS << shift, MAX_PARK_NANOS));
        return 1;
    }
}
