package fichas.balancer.proxy;

import fichas.balancer.Backend;
import fichas.balancer.WriteRouting;
import fichas.balancer.health.HealthTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends, the rotation over them, the writer (see {@link WriteRouting}), and the decisions that take
 * one out: drain, and passive ejection after consecutive live-traffic errors. Thread-safe; ejection is synchronized so that two IO threads
 * cannot eject the last two healthy backends at once.
 */
public final class BackendRegistry {
    private static final Logger log = LoggerFactory.getLogger(BackendRegistry.class);

    private final List<BackendState> all;
    private final RoundRobin rotation;
    private final int ejectAfter;
    private final WriteRouting writeRouting;
    private final WriterElection election;

    public BackendRegistry(List<Backend> backends, int fall, int rise, int ejectAfter, RoundRobin rotation,
                           WriteRouting writeRouting) {
        List<BackendState> states = new ArrayList<>();
        for (Backend b : backends) {
            states.add(new BackendState(b, states.size(), new HealthTracker(fall, rise)));
        }
        this.all = Collections.unmodifiableList(states);
        this.rotation = rotation;
        this.ejectAfter = ejectAfter;
        this.writeRouting = writeRouting;
        this.election = new WriterElection(all);
    }

    public WriteRouting writeRouting() {
        return writeRouting;
    }

    /** The id of the backend that takes every write now; null with round-robin routing or none in rotation. */
    public String writerId() {
        if (writeRouting != WriteRouting.WRITER) {
            return null;
        }
        BackendState w = election.writer();
        return w == null ? null : w.id();
    }

    public List<BackendState> all() {
        return all;
    }

    public BackendState byId(String id) {
        for (BackendState b : all) {
            if (b.id().equals(id)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown backend " + id);
    }

    /**
     * Backends to try, in rotation order: UP and not draining, leaving out {@code avoid} (backends this
     * request already failed on) unless nothing else is left. When no backend is UP, every backend that
     * is not draining is offered: the checks may be wrong, and a try costs less than a certain 503.
     * A {@code write} under {@link WriteRouting#WRITER} starts at the writer instead, or, once the writer
     * failed it, at the next backend after the writer in configuration order.
     */
    List<BackendState> candidates(Set<BackendState> avoid, boolean write) {
        List<BackendState> live = filter(true, avoid);
        if (live.isEmpty()) {
            live = filter(false, avoid);
        }
        if (live.isEmpty() && !avoid.isEmpty()) {
            live = filter(true, Set.of());
            if (live.isEmpty()) {
                live = filter(false, Set.of());
            }
        }
        // Asked on every write, even with one candidate, so the role moves as soon as the writer leaves.
        BackendState writer = write && writeRouting == WriteRouting.WRITER ? election.writer() : null;
        if (live.size() > 1) {
            Collections.rotate(live, -(writer == null ? rotation.next(live.size()) : firstFrom(live, writer)));
        }
        return live;
    }

    /** The position in {@code live} (configuration order) of {@code writer}, or of the first backend after it. */
    private static int firstFrom(List<BackendState> live, BackendState writer) {
        for (int i = 0; i < live.size(); i++) {
            if (live.get(i).index() >= writer.index()) {
                return i;
            }
        }
        return 0;
    }

    private List<BackendState> filter(boolean mustBeUp, Set<BackendState> avoid) {
        List<BackendState> out = new ArrayList<>(all.size());
        for (BackendState b : all) {
            if (!b.draining() && (!mustBeUp || b.health().isUp()) && !avoid.contains(b)) {
                out.add(b);
            }
        }
        return out;
    }

    /** A live-traffic success: the error streak starts over. */
    void recordSuccess(BackendState b) {
        b.consecutiveErrors.set(0);
    }

    /** A live-traffic error (connect error, broken connection, timeout, 5xx); may eject the backend. */
    void recordError(BackendState b) {
        if (b.consecutiveErrors.incrementAndGet() >= ejectAfter) {
            eject(b);
        }
    }

    private synchronized void eject(BackendState b) {
        if (!b.health().isUp()) {
            return;
        }
        long othersInRotation = all.stream().filter(o -> o != b && o.inRotation()).count();
        if (othersInRotation == 0) {
            // Never eject the last one: a degraded backend still beats a certain 503 for everyone.
            return;
        }
        if (b.health().eject()) {
            b.ejections.increment();
            b.consecutiveErrors.set(0);
            log.warn("backend {} ejected after {} consecutive errors from live traffic", b.id(), ejectAfter);
        }
    }

    public void drain(String id) {
        BackendState b = byId(id);
        b.draining(true);
        log.info("backend {} draining, {} requests in flight", id, b.inFlight());
    }

    public void admit(String id) {
        byId(id).draining(false);
        log.info("backend {} admitted", id);
    }

    /** Blocks the calling thread (never an IO thread) until the backend has nothing in flight. */
    public boolean awaitDrained(String id, Duration timeout) {
        BackendState b = byId(id);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (b.inFlight() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
