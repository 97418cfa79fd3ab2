package fichas.balancer.health;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last few active health checks of one backend, oldest first, for the status page. Thread-safe
 * (synchronized; written once per check, read per status call).
 */
public final class HealthHistory {
    /** One check: when it finished, whether it passed, and how long it took (null when it timed out). */
    public record Check(Instant at, boolean ok, Double latencyMillis) {
    }

    private final int capacity;
    private final Deque<Check> checks = new ArrayDeque<>();

    public HealthHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void record(Check check) {
        if (checks.size() == capacity) {
            checks.removeFirst();
        }
        checks.addLast(check);
    }

    /** Oldest first, newest last. */
    public synchronized List<Check> checks() {
        return List.copyOf(checks);
    }
}
