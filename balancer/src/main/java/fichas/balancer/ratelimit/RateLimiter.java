package fichas.balancer.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One budget ({@code perMinute} requests per client key, burst up to a full minute's worth) over many
 * clients. Buckets live in a size-bounded Caffeine cache, so a flood of distinct addresses costs at most
 * {@code maxClients} buckets; an evicted client simply starts with a full bucket. Time comes from an
 * injected nanosecond clock so tests advance it instead of sleeping. Thread-safe.
 */
public final class RateLimiter {
    private final int perMinute;
    private final LongSupplier nanoClock;
    private final Cache<String, TokenBucket> buckets;

    public RateLimiter(int perMinute, long maxClients, LongSupplier nanoClock) {
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxClients)
                // A bucket idle for two minutes is full again anyway: dropping it changes nothing.
                .expireAfterAccess(Duration.ofMinutes(2))
                .ticker(nanoClock::getAsLong)
                .build();
    }

    public int perMinute() {
        return perMinute;
    }

    /** 0 when the request may pass, otherwise nanoseconds until the client has a token again. */
    public long tryAcquire(String client) {
        long now = nanoClock.getAsLong();
        return buckets.get(client, k -> new TokenBucket(perMinute, now)).tryAcquire(now);
    }

    /**
     * Like {@link #tryAcquire} but takes nothing and creates no bucket: 0 when the client has a token now
     * (a client never seen has a full bucket), otherwise nanoseconds until it will.
     */
    public long waitNanos(String client) {
        TokenBucket bucket = buckets.getIfPresent(client);
        return bucket == null ? 0 : bucket.waitNanos(nanoClock.getAsLong());
    }

    /** A wait as the {@code Retry-After} value: whole seconds, rounded up, at least 1. */
    public static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    /** Buckets currently held; for tests and diagnostics. */
    public long trackedClients() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
