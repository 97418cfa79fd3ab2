package fichas.balancer.proxy;

import fichas.balancer.Backend;
import fichas.balancer.BackendStatus;
import fichas.balancer.BalancerSnapshot.BackendSnapshot;
import fichas.balancer.health.HealthHistory;
import fichas.balancer.health.HealthTracker;
import fichas.balancer.metrics.HistogramSnapshot;
import fichas.core.metrics.LatencyHistogram;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.xnio.XnioIoThread;

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
    final LatencyHistogram latency = HistogramSnapshot.newHistogram();
    private final HealthHistory healthHistory = new HealthHistory(HEALTH_HISTORY);
    /**
     * Attempts sent here whose response has not started — the ones a DOWN verdict moves elsewhere — one set per IO
     * thread, touched only by that thread: a set shared by the IO threads cost a contended counter update twice per
     * request (3 % of the balancer's CPU in a profile).
     */
    private final ConcurrentHashMap<XnioIoThread, Set<Attempt>> waiting = new ConcurrentHashMap<>();

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

    /** The attempts of {@code thread} waiting on this backend. Call on {@code thread} only, and use there only. */
    Set<Attempt> waitingOn(XnioIoThread thread) {
        Set<Attempt> set = waiting.get(thread);
        return set != null ? set : waiting.computeIfAbsent(thread, t -> new HashSet<>());
    }

    /**
     * Health checks declared this backend DOWN: every request still waiting on it is failed over at once,
     * on its own IO thread — re-sent elsewhere when it may be (idempotent, or keyed, with its buffered
     * body), answered {@code 504} otherwise — instead of waiting out its attempt timeout. Responses already
     * streaming to a client are left alone. Any thread; the work is queued on each IO thread.
     */
    public void failOverWaiting() {
        waiting.forEach((thread, attempts) -> thread.execute(() -> {
            for (Attempt attempt : new ArrayList<>(attempts)) {
                attempt.failOver();
            }
        }));
    }

    public BackendSnapshot snapshot() {
        BackendStatus status = draining ? BackendStatus.DRAINING
                : health.isUp() ? BackendStatus.UP : BackendStatus.DOWN;
        return new BackendSnapshot(id(), status, inFlight.get(), requests.sum(), errors.sum(), retries.sum(),
                ejections.sum());
    }
}
