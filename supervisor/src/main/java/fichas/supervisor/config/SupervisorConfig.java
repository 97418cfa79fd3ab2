package fichas.supervisor.config;

import fichas.core.config.ConfigException;
import fichas.core.config.Settings;
import fichas.core.config.Checks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The whole supervisor configuration, loaded once from environment and system properties, validated before any
 * port is bound or process started. Immutable.
 */
public record SupervisorConfig(PathsConfig paths, InstancesConfig instances, RestartConfig restart, StopConfig stop,
                               ControlConfig control, BalancerSettings balancer, NodeConfig node) {
    /** Keys that pass through to the instances and must never be printed. */
    private static final Set<String> SECRET_KEYS = Set.of("FICHAS_ADMIN_PASSWORD", "FICHAS_DB_PASSWORD");

    public SupervisorConfig {
        Checks.present("paths", paths);
        Checks.present("instances", instances);
        Checks.present("restart", restart);
        Checks.present("stop", stop);
        Checks.present("control", control);
        Checks.present("balancer", balancer);
        Checks.present("node", node);
        if (node.runsInstances() && instances.count() < 1) {
            throw new IllegalArgumentException("FICHAS_INSTANCES must be between 1 and 16, but was " + instances.count());
        }
        int lastPort = instances.port(instances.count() - 1);
        if (control.port() >= instances.basePort() && control.port() <= lastPort) {
            throw new ConfigException("FICHAS_CONTROL_PORT must not be one of the instance ports "
                    + instances.basePort() + "-" + lastPort + ", but was " + control.port());
        }
    }

    public static SupervisorConfig load(Settings s) {
        PathsConfig paths = PathsConfig.from(s);
        NodeConfig node = NodeConfig.from(s);
        return new SupervisorConfig(paths, InstancesConfig.from(s, paths.home(), node), RestartConfig.from(s),
                StopConfig.from(s), ControlConfig.from(s), BalancerSettings.from(s, node), node);
    }

    /** The instances this node runs (none on a balancer-only node). */
    public int localInstances() {
        return node.runsInstances() ? instances.count() : 0;
    }

    /** The effective configuration as key → printable value, secrets masked; for the one print at start. */
    public Map<String, Object> describe(Settings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.putAll(paths.describe());
        m.putAll(instances.describe());
        m.putAll(restart.describe());
        m.putAll(stop.describe());
        m.putAll(control.describe());
        m.putAll(balancer.describe());
        m.putAll(node.describe());
        SECRET_KEYS.forEach(k -> m.put(k, s.get(k).isPresent() ? "****" : "(not set)"));
        return m;
    }
}
