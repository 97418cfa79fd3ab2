package fichas.supervisor.balance;

import java.util.List;

/** Starts the balancer in front of the given backends. */
@FunctionalInterface
public interface TrafficGateFactory {
    TrafficGate start(List<BackendAddress> backends, BackendEvents events);

    /** Fails with a clear message when the balancer could not start (its port is taken); called before any spawn. */
    default void checkAvailable() {
    }

    static TrafficGateFactory none() {
        return (backends, events) -> TrafficGate.none();
    }
}
