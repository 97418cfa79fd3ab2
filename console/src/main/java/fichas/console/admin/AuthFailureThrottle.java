package fichas.console.admin;

import fichas.core.http.ApiException;

import fichas.balancer.ratelimit.RateLimiter;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Caps the admin token guesses of one client address: each failed database look-up takes a token from the
 * address's bucket ({@code failuresPerMinute}, burst a minute's worth, refilled evenly), and while the bucket
 * is empty a look-up is refused with {@code 429 rate_limited} before an instance is asked. Successes take
 * nothing, so an admin who types the right token is never slowed by it. Buckets exist only for addresses
 * that failed, in a size-bounded cache ({@link RateLimiter}).
 *
 * <p>Check and charge are two steps, not one: concurrent guesses from one address may overshoot the budget
 * by at most one look-up per worker thread. Thread-safe; never blocks.
 */
public final class AuthFailureThrottle {
    private final RateLimiter failures;
    private final LongAdder throttled = new LongAdder();

    private AuthFailureThrottle(RateLimiter failures) {
        this.failures = failures;
    }

    /** A throttle that never refuses ({@code FICHAS_BALANCER_AUTH_FAILURES_PER_MINUTE=0}). */
    public static AuthFailureThrottle off() {
        return new AuthFailureThrottle(null);
    }

    /** @param nanoClock {@link System#nanoTime} in production; tests pass a fake one */
    public static AuthFailureThrottle perMinute(int failuresPerMinute, long maxClients, LongSupplier nanoClock) {
        if (failuresPerMinute < 1) {
            throw new IllegalArgumentException("failuresPerMinute must be at least 1, but was " + failuresPerMinute
                    + " (use off())");
        }
        return new AuthFailureThrottle(new RateLimiter(failuresPerMinute, maxClients, nanoClock));
    }

    /** Throws 429 {@code rate_limited} (with {@code Retry-After}) while {@code client} has no failure left. */
    void requireAllowed(String client) {
        if (failures == null) {
            return;
        }
        long waitNanos = failures.waitNanos(client);
        if (waitNanos > 0) {
            throttled.increment();
            throw ApiException.rateLimited("over " + failures.perMinute()
                    + " failed token checks per minute from this address", RateLimiter.retryAfterSeconds(waitNanos));
        }
    }

    void recordFailure(String client) {
        if (failures != null) {
            failures.tryAcquire(client);
        }
    }

    /** Admin requests answered 429 by this throttle so far. */
    public long throttled() {
        return throttled.sum();
    }
}
