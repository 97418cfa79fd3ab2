package fichas.supervisor.status;

import java.util.List;

/** The whole {@code status} answer. {@code balancerPort} is -1 and {@code url} null when no balancer runs. */
public record SupervisorStatus(long pid, long uptimeSeconds, Long memoryBytes, int balancerPort, String url,
                               List<InstanceStatus> instances) {
    public SupervisorStatus {
        instances = List.copyOf(instances);
    }

    public boolean allOnline() {
        return !instances.isEmpty() && instances.stream().allMatch(i -> i.state().equals("online"));
    }
}
