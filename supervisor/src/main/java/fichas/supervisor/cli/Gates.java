package fichas.supervisor.cli;

import fichas.supervisor.balance.TrafficGateFactory;
import fichas.supervisor.config.SupervisorConfig;

import java.util.Map;

/** Which balancer the CLI puts in front of the instances. */
final class Gates {
    private Gates() {
    }

    static TrafficGateFactory factory(SupervisorConfig config, Map<String, String> environment) {
        // The balancer module is not in main yet; until it is, the supervisor runs the instances without one.
        return TrafficGateFactory.none();
    }
}
