package fichas.balancer;

import fichas.balancer.frontdoor.BodyBudget;
import fichas.balancer.frontdoor.ClientConnections;
import fichas.balancer.proxy.BackendRegistry;
import fichas.balancer.proxy.BackendState;
import fichas.balancer.proxy.ConnectionPools;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The balancer's live state, read-only, for what is mounted in front of it ({@link Mount}: the console's status
 * page, metrics, alerts and actions) and for {@link Balancer#snapshot()}: the configuration, the bound port, the
 * backends, the writer, the queue and the proxy's counters. Thread-safe; every read is of atomics.
 */
public final class BalancerState {
    private final BalancerConfig config;
    private final BackendRegistry registry;
    private final ConnectionPools pools;
    private final BodyBudget bodies;
    private final ClientConnections connections;
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private volatile int port;

    BalancerState(BalancerConfig config, BackendRegistry registry, ConnectionPools pools, BodyBudget bodies,
                  ClientConnections connections) {
        this.config = config;
        this.bodies = bodies;
        this.connections = connections;
        this.registry = registry;
        this.pools = pools;
        this.port = config.listen().port();
    }

    public BalancerConfig config() {
        return config;
    }

    /** The port bound; the configured one until the server has started. */
    public int port() {
        return port;
    }

    void port(int bound) {
        port = bound;
    }

    /** Every backend in configuration order; read their counters, never change them. */
    public List<BackendState> backends() {
        return registry.all();
    }

    /** See {@link Balancer#writer()}. */
    public String writer() {
        return registry.writerId();
    }

    /** Request body bytes reserved now against the front door's budget ({@code FICHAS_BALANCER_BODY_BUDGET_BYTES}). */
    public long bodyBytesInFlight() {
        return bodies.used();
    }

    /** Connections the client at {@code address} holds open now (counted against its per-client cap). */
    public int connectionsFrom(InetAddress address) {
        return connections.openBy(address);
    }

    /** Requests waiting for a free backend connection now. */
    public int queueLength() {
        return pools.queueLength();
    }

    /** Attempts in flight to all backends now. */
    public int inFlight() {
        return registry.all().stream().mapToInt(BackendState::inFlight).sum();
    }

    /** Requests received for proxying (the paths a {@link Mount} serves itself not included). */
    public long requests() {
        return requests.sum();
    }

    /** Proxied requests whose client got a 5xx. */
    public long failures() {
        return failures.sum();
    }

    /** Proxied requests answered 429. */
    public long rateLimited() {
        return rateLimited.sum();
    }

    /** Attempts repeated after a failed one. */
    public long retries() {
        return retries.sum();
    }

    LongAdder requestCounter() {
        return requests;
    }

    LongAdder failureCounter() {
        return failures;
    }

    LongAdder rateLimitedCounter() {
        return rateLimited;
    }

    LongAdder retryCounter() {
        return retries;
    }

    public BalancerSnapshot snapshot() {
        return BalancerSnapshot.of(registry.all().stream().map(BackendState::snapshot).toList(),
                pools.queueLength(), rateLimited.sum(), retries.sum());
    }
}
