package fichas.balancer.frontdoor;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open connections per client address, capped: {@link #open} says no once a client holds {@code max}.
 * Thread-safe; an address is removed when its last connection closes.
 */
public final class ClientConnections {
    private final int max;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

    public ClientConnections(int max) {
        this.max = max;
    }

    /** Counts a new connection; false (and nothing counted) when the client is at its cap. */
    public boolean open(InetAddress client) {
        boolean[] admitted = {false};
        open.compute(client, (c, count) -> {
            AtomicInteger n = count == null ? new AtomicInteger() : count;
            if (n.get() < max) {
                n.incrementAndGet();
                admitted[0] = true;
            }
            return n.get() == 0 ? null : n;
        });
        return admitted[0];
    }

    /** The connection that {@link #open} admitted has closed. */
    public void closed(InetAddress client) {
        open.computeIfPresent(client, (c, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    public int openBy(InetAddress client) {
        AtomicInteger n = open.get(client);
        return n == null ? 0 : n.get();
    }
}
