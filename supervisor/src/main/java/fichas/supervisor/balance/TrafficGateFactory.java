package fichas.supervisor.balance;

import fichas.console.admin.SupervisorView;

import java.util.List;

/** Starts the balancer in front of the given backends. */
@FunctionalInterface
public interface TrafficGateFactory {
    /**
     * @param supervisor what the balancer's admin routes may see and ask of the supervisor (children, reload,
     *                   restart); the balancer also raises its instance alerts from it
     */
    TrafficGate start(List<BackendAddress> backends, BackendEvents events, SupervisorView supervisor);

    /** Fails with a clear message when the balancer could not start (its port is taken); called before any spawn. */
    default void checkAvailable() {
    }

    static TrafficGateFactory none() {
        return (backends, events, supervisor) -> TrafficGate.none();
    }
}
