package fichas.balancer.proxy;

import fichas.balancer.Backend;
import fichas.balancer.BackendStatus;
import fichas.balancer.BalancerSnapshot.BackendSnapshot;
import fichas.balancer.health.HealthHistory;
import fichas.balancer.health.HealthTracker;
import fichas.balancer.stats.LatencyHistogram;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Run-time state of one backend: health, drain flag and counters. Shared by IO threads and the health
 * thread; every field is atomic or volatile, and {@link #snapshot()} copies it out.
 */
public final class BackendState {
    /** Health checks kept for the status page. */
    public static final int HEALTH_HISTORY = 30;
    private final Backend backend;
    private final int index;
    private final URI uri;
    private final HealthTracker health;
    private volatile boolean draining;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger consecutiveErrors = new AtomicInteger();
    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder ejections = new LongAdder();
    final LatencyHistogram latency = new LatencyHistogram();
    private final HealthHistory healthHistory = new HealthHistory(HEALTH_HISTORY);

    public BackendState(Backend backend, int index, HealthTracker health) {
        this.backend = backend;
        this.index = index;
        this.health = health;
        this.uri = URI.create("http://" + backend.host() + ":" + backend.port());
    }

    public Backend backend() {
        return backend;
    }

    public String id() {
        return backend.id();
    }

    int index() {
        return index;
    }

    public URI uri() {
        return uri;
    }

    public HealthTracker health() {
        return health;
    }

    /** Attempt latencies (connect to response read, or to the end of a streamed body). */
    public LatencyHistogram latency() {
        return latency;
    }

    public HealthHistory healthHistory() {
        return healthHistory;
    }

    public boolean draining() {
        return draining;
    }

    void draining(boolean value) {
        draining = value;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Eligible for new requests: UP by health and not draining. */
    boolean inRotation() {
        return !draining && health.isUp();
    }

    public BackendSnapshot snapshot() {
        BackendStatus status = draining ? BackendStatus.DRAINING
                : health.isUp() ? BackendStatus.UP : BackendStatus.DOWN;
        return new BackendSnapshot(id(), status, inFlight.get(), requests.sum(), errors.sum(), retries.sum(),
                ejections.sum());
    }
}
