package fichas.supervisor.cli;

import fichas.supervisor.balance.EmbeddedBalancer;
import fichas.supervisor.balance.TrafficGateFactory;
import fichas.supervisor.config.SupervisorConfig;

import java.util.Map;

/** Which balancer the CLI puts in front of the instances. */
final class Gates {
    private Gates() {
    }

    static TrafficGateFactory factory(SupervisorConfig config, Map<String, String> environment) {
        return config.balancer().enabled()
                ? EmbeddedBalancer.factory(environment, config.paths().database()) : TrafficGateFactory.none();
    }
}
