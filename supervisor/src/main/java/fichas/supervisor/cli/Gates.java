package fichas.supervisor.cli;

import fichas.supervisor.balance.BalancerProcess;
import fichas.supervisor.balance.TrafficGateFactory;
import fichas.core.config.Settings;
import fichas.supervisor.config.SupervisorConfig;

/** Which balancer the CLI puts in front of the instances. */
final class Gates {
    private Gates() {
    }

    /** The balancer's keys come from the environment or, like the supervisor's, from {@code -Dfichas.x.y}. */
    static TrafficGateFactory factory(SupervisorConfig config, Settings settings) {
        return config.balancer().enabled()
                ? BalancerProcess.factory(config, settings.environmentWithProperties())
                : TrafficGateFactory.none();
    }
}
