package fichas.balancer.ratelimit;

/**
 * A token bucket of {@code capacity} tokens refilled evenly over one minute, kept as a single
 * "theoretical arrival time" (GCRA) so it needs no refill timer and only one long of state.
 * Thread-safe (synchronized: one bucket is contended only by one client's own requests).
 */
final class TokenBucket {
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private final long costNanos;
    private final long burstNanos;
    private long theoreticalArrival;

    TokenBucket(int perMinute, long now) {
        this.costNanos = MINUTE_NANOS / perMinute;
        this.burstNanos = costNanos * perMinute;
        this.theoreticalArrival = now;
    }

    /** Takes a token: 0 when granted, otherwise how many nanoseconds until one will be there. */
    synchronized long tryAcquire(long now) {
        long wait = waitNanos(now);
        if (wait == 0) {
            theoreticalArrival = Math.max(theoreticalArrival, now) + costNanos;
        }
        return wait;
    }

    /** What {@link #tryAcquire} would answer now, without taking the token. */
    synchronized long waitNanos(long now) {
        long allowedAt = Math.max(theoreticalArrival, now) + costNanos - burstNanos;
        return allowedAt - now > 0 ? allowedAt - now : 0;
    }
}
