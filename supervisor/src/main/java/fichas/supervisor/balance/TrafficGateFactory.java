package fichas.supervisor.balance;

import java.util.List;

/** Starts the balancer in front of the given backends. */
@FunctionalInterface
public interface TrafficGateFactory {
    TrafficGate start(List<BackendAddress> backends, BackendEvents events);

    static TrafficGateFactory none() {
        return (backends, events) -> TrafficGate.none();
    }
}
