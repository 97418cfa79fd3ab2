package fichas.balancer.proxy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.XnioIoThread;

/**
 * All pools of the balancer, one {@link IoThreadPools} per IO thread, created on first use. The
 * per-backend connection limit is split evenly over the IO threads. Thread-safe.
 */
public final class ConnectionPools {
    private final ConcurrentHashMap<XnioIoThread, IoThreadPools> byThread = new ConcurrentHashMap<>();
    private final List<BackendState> backends;
    private final int perThread;
    private final long idleNanos;
    private final int queueLimit;
    private final long queueTimeoutMs;
    private final AtomicInteger queued = new AtomicInteger();

    public ConnectionPools(List<BackendState> backends, int connectionsPerBackend, int ioThreads,
                           Duration idleTimeout, int queueLimit, Duration queueTimeout) {
        this.backends = backends;
        this.perThread = Math.max(1, (connectionsPerBackend + ioThreads - 1) / ioThreads);
        this.idleNanos = idleTimeout.toNanos();
        this.queueLimit = queueLimit;
        this.queueTimeoutMs = queueTimeout.toMillis();
    }

    IoThreadPools forThread(XnioIoThread thread) {
        return byThread.computeIfAbsent(thread,
                t -> new IoThreadPools(t, backends, perThread, idleNanos, queued, queueLimit, queueTimeoutMs));
    }

    /** Requests waiting for a connection right now, over all IO threads. */
    public int queueLength() {
        return queued.get();
    }

    /** Closes idle connections, each on its own IO thread; for shutdown. */
    public void closeIdle() {
        byThread.forEach((thread, pools) -> thread.execute(pools::closeIdle));
    }
}
