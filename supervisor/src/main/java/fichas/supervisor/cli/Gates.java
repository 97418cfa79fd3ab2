package fichas.supervisor.cli;

import fichas.supervisor.balance.TrafficGateFactory;

/** Which balancer the CLI puts in front of the instances. */
final class Gates {
    private Gates() {
    }

    static TrafficGateFactory factory() {
        // Until the balancer module lands, the supervisor runs without one (FICHAS_BALANCER_ENABLED is moot).
        return TrafficGateFactory.none();
    }
}
