package fichas.balancer.proxy;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A shared rotation counter. {@code Math.floorMod} keeps the index in range after the int counter wraps
 * past {@code Integer.MAX_VALUE} (plain {@code %} turns negative there). Thread-safe, lock-free.
 */
public final class RoundRobin {
    private final AtomicInteger counter;

    public RoundRobin() {
        this(0);
    }

    /** Starts at {@code initial}; tests start near {@code Integer.MAX_VALUE}. */
    public RoundRobin(int initial) {
        this.counter = new AtomicInteger(initial);
    }

    /** The next index in {@code [0, size)}; {@code size} must be positive. */
    public int next(int size) {
        return Math.floorMod(counter.getAndIncrement(), size);
    }
}
