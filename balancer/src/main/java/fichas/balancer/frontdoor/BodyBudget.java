package fichas.balancer.frontdoor;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many request-body bytes are in flight, in total and per client address: declared by
 * {@code Content-Length} when a request arrives (reserved before a byte is read, so a client that
 * announces 9 MiB is counted for 9 MiB at once), or counted as they arrive for a chunked body. A
 * reservation is given back when the exchange ends. Thread-safe, lock-free; an address whose count
 * drops to 0 is removed, so the map only holds clients with a body in flight.
 */
public final class BodyBudget {

    /** The answer to a reservation. */
    public enum Verdict {
        OK,
        /** This client already holds its share: {@code 429 rate_limited}. */
        CLIENT_FULL,
        /** All clients together hold the whole budget: {@code 503 unavailable}. */
        FULL
    }

    private final long total;
    private final long perClient;
    private final AtomicLong used = new AtomicLong();
    private final ConcurrentHashMap<InetAddress, AtomicLong> byClient = new ConcurrentHashMap<>();

    public BodyBudget(long total, long perClient) {
        this.total = total;
        this.perClient = perClient;
    }

    /** Takes {@code bytes} for {@code client}, or nothing when either limit would be passed. */
    public Verdict reserve(InetAddress client, long bytes) {
        if (bytes <= 0) {
            return Verdict.OK;
        }
        AtomicLong mine = byClient.computeIfAbsent(client, c -> new AtomicLong());
        if (mine.addAndGet(bytes) > perClient) {
            release(client, mine, bytes);
            return Verdict.CLIENT_FULL;
        }
        if (used.addAndGet(bytes) > total) {
            used.addAndGet(-bytes);
            release(client, mine, bytes);
            return Verdict.FULL;
        }
        return Verdict.OK;
    }

    /** Gives back what {@link #reserve} granted. */
    public void release(InetAddress client, long bytes) {
        if (bytes <= 0) {
            return;
        }
        used.addAndGet(-bytes);
        AtomicLong mine = byClient.get(client);
        if (mine != null) {
            release(client, mine, bytes);
        }
    }

    private void release(InetAddress client, AtomicLong mine, long bytes) {
        if (mine.addAndGet(-bytes) <= 0) {
            byClient.remove(client, mine);
            // A concurrent reserve may have added to it after the check: its bytes are then simply not
            // limited per client until released (never over the total, which is exact).
        }
    }

    public long used() {
        return used.get();
    }

    public long total() {
        return total;
    }
}
