package fichas.supervisor.reload;

import fichas.supervisor.SupervisorException;
import fichas.supervisor.balance.TrafficGate;
import fichas.supervisor.child.Child;
import fichas.supervisor.child.ChildState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Rolling restart of the instances, one at a time: drain at the balancer, stop, start, wait healthy, re-admit, and
 * wait until the balancer routes to it again before the next one is drained. Stops at the first instance that does
 * not come back, leaving the rest untouched. One reload at a time, whoever asks (the CLI, or the balancer's admin
 * action through {@link #startInBackground()}). Thread-safe.
 */
public final class RollingReload {
    private static final Logger log = LoggerFactory.getLogger(RollingReload.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final List<Child> children;
    private final Supplier<TrafficGate> gate;
    private final Duration startTimeout;
    private final BooleanSupplier stopping;
    private final Object lock = new Object();
    /** Reloads running or waiting for {@link #lock}, whoever asked. */
    private final AtomicInteger running = new AtomicInteger();
    /** A reload started by {@link #startInBackground()} that has not finished. */
    private final AtomicBoolean background = new AtomicBoolean();

    /**
     * @param children the instances, in reload order (read when a reload starts)
     * @param gate     the balancer in front of them now
     * @param stopping true once the supervisor is stopping: no background reload starts then
     */
    public RollingReload(List<Child> children, Supplier<TrafficGate> gate, Duration startTimeout, BooleanSupplier stopping) {
        this.children = children;
        this.gate = gate;
        this.startTimeout = startTimeout;
        this.stopping = stopping;
    }

    /** Reloads every instance in turn and returns when done; throws at the first one that does not come back. */
    public void run() throws InterruptedException {
        running.incrementAndGet();
        try {
            synchronized (lock) {
                for (Child child : List.copyOf(children)) {
                    reloadOne(child, gate.get());
                }
            }
        } finally {
            running.decrementAndGet();
        }
    }

    /**
     * Starts a reload on its own thread ({@code fichas-reload}) and returns at once. False, and nothing happens,
     * while a reload is running or the supervisor is stopping. The end is logged: INFO finished, WARN failed.
     */
    public boolean startInBackground() {
        if (stopping.getAsBoolean() || running.get() > 0 || !background.compareAndSet(false, true)) {
            return false;
        }
        Thread t = new Thread(() -> {
            try {
                run();
                log.info("rolling reload finished");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("rolling reload failed: {}", e.getMessage());
            } finally {
                background.set(false);
            }
        }, "fichas-reload");
        t.setDaemon(true);
        t.start();
        return true;
    }

    private void reloadOne(Child child, TrafficGate gate) throws InterruptedException {
        String id = child.spec().id();
        log.info("instance {} reloading: draining", id);
        gate.drain(id);
        if (!gate.awaitDrained(id, DRAIN_TIMEOUT)) {
            log.warn("instance {} still had requests in flight after {}, stopping it anyway", id, DRAIN_TIMEOUT);
        }
        child.restartNow();
        ChildState state = child.awaitSettled(startTimeout);
        gate.admit(id);
        if (state != ChildState.ONLINE) {
            throw new SupervisorException("reload stopped at instance " + id + ": it is " + state.label()
                    + Optional.ofNullable(child.snapshot().lastError()).map(e -> " (" + e + ")").orElse(""));
        }
        // Only drain the next one once the balancer sends traffic here again, or two could be out at once.
        if (!gate.awaitUp(id, DRAIN_TIMEOUT)) {
            throw new SupervisorException("reload stopped at instance " + id + ": healthy, but the balancer did not"
                    + " take it back within " + DRAIN_TIMEOUT.toSeconds() + " s");
        }
        log.info("instance {} reloaded and re-admitted", id);
    }
}
