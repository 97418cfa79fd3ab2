package fichas.supervisor.restart;

import fichas.supervisor.config.RestartConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Backoff and give-up for one child. Time comes from the injected clock, so tests advance a fake clock
 * instead of sleeping. Thread-safe (synchronized; called rarely).
 */
public final class RestartPolicy {
    private final RestartConfig config;
    private final Clock clock;
    private final Deque<Instant> failures = new ArrayDeque<>();
    private int consecutive;
    private Instant healthySince;

    public RestartPolicy(RestartConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The child answered its health check; a long enough healthy run forgives earlier crashes. */
    public synchronized void healthy() {
        if (healthySince == null) {
            healthySince = clock.instant();
        }
    }

    /** The child died or was killed as hung. */
    public synchronized RestartDecision failed() {
        Instant now = clock.instant();
        if (healthySince != null && !Duration.between(healthySince, now).minus(config.resetAfter()).isNegative()) {
            consecutive = 0;
        }
        healthySince = null;
        failures.addLast(now);
        Instant windowStart = now.minus(config.window());
        while (!failures.isEmpty() && failures.peekFirst().isBefore(windowStart)) {
            failures.removeFirst();
        }
        if (failures.size() >= config.maxFailures()) {
            return RestartDecision.giveUp(failures.size());
        }
        Duration delay = backoff(consecutive);
        consecutive++;
        return RestartDecision.retryAfter(delay, failures.size());
    }

    /** An operator asked for this child explicitly ({@code restart NAME}): start from a clean slate. */
    public synchronized void reset() {
        failures.clear();
        consecutive = 0;
        healthySince = null;
    }

    private Duration backoff(int attempt) {
        // Shifting past ~30 would overflow; the cap is reached long before that.
        long factor = 1L << Math.min(attempt, 30);
        Duration d = config.initialBackoff().multipliedBy(factor);
        return d.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : d;
    }
}
