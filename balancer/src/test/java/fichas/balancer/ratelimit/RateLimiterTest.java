package fichas.balancer.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(3, 1000, now::get);

    @Test
    void aClientGetsItsWholeMinuteBudgetAtOnceThenWaitsForTheNextToken() {
        assertThat(limiter.tryAcquire("10.0.0.1")).isZero();
        assertThat(limiter.tryAcquire("10.0.0.1")).isZero();
        assertThat(limiter.tryAcquire("10.0.0.1")).isZero();
        long wait = limiter.tryAcquire("10.0.0.1");
        assertThat(wait).isEqualTo(TimeUnit.SECONDS.toNanos(20)); // 3 per minute: one token every 20 s
        now.addAndGet(TimeUnit.SECONDS.toNanos(20));
        assertThat(limiter.tryAcquire("10.0.0.1")).isZero();
        assertThat(limiter.tryAcquire("10.0.0.1")).isPositive();
    }

    @Test
    void clientsHaveSeparateBuckets() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("10.0.0.1");
        }
        assertThat(limiter.tryAcquire("10.0.0.1")).isPositive();
        assertThat(limiter.tryAcquire("10.0.0.2")).isZero();
    }

    @Test
    void anIdleClientRefillsToTheBudgetButNoFurther() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("10.0.0.1");
        }
        now.addAndGet(TimeUnit.MINUTES.toNanos(10));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("10.0.0.1")).isZero();
        }
        assertThat(limiter.tryAcquire("10.0.0.1")).isPositive();
    }

    @Test
    void waitNanosTellsTheWaitWithoutTakingATokenOrTrackingANewClient() {
        assertThat(limiter.waitNanos("10.0.0.9")).isZero();
        assertThat(limiter.trackedClients()).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.waitNanos("10.0.0.1")).isZero();
            limiter.tryAcquire("10.0.0.1");
        }
        assertThat(limiter.waitNanos("10.0.0.1")).isEqualTo(TimeUnit.SECONDS.toNanos(20));
        now.addAndGet(TimeUnit.SECONDS.toNanos(20));
        assertThat(limiter.waitNanos("10.0.0.1")).isZero();
        assertThat(limiter.waitNanos("10.0.0.1")).as("asking twice takes nothing").isZero();
        assertThat(limiter.tryAcquire("10.0.0.1")).isZero();
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(RateLimiter.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(RateLimiter.retryAfterSeconds(TimeUnit.SECONDS.toNanos(3))).isEqualTo(3);
        assertThat(RateLimiter.retryAfterSeconds(TimeUnit.SECONDS.toNanos(3) + 1)).isEqualTo(4);
    }

    @Test
    void memoryIsBoundedByTheMaximumNumberOfClients() {
        RateLimiter small = new RateLimiter(3, 10, now::get);
        for (int i = 0; i < 10_000; i++) {
            small.tryAcquire("10.0." + (i / 256) + "." + (i % 256));
        }
        assertThat(small.trackedClients()).isLessThanOrEqualTo(10 + 50); // Caffeine evicts asynchronously, roughly
    }
}
