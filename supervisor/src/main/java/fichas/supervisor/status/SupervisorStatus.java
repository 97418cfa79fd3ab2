package fichas.supervisor.status;

import java.util.List;

/**
 * The whole {@code status} answer. {@code balancerPort} is -1 and {@code url} null when no balancer runs;
 * {@code ready} turns true once start-up is over (instances settled, balancer listening).
 */
public record SupervisorStatus(long pid, long uptimeSeconds, Long memoryBytes, int balancerPort, String url,
                               boolean ready, List<InstanceStatus> instances) {
    public SupervisorStatus {
        instances = List.copyOf(instances);
    }

    public boolean allOnline() {
        return !instances.isEmpty() && instances.stream().allMatch(i -> i.state().equals("online"));
    }
}
