package fichas.supervisor.status;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.List;

/**
 * The whole {@code status} answer. {@code balancerPort} is -1 and {@code url} null when no balancer runs;
 * {@code ready} turns true once start-up is over (instances settled, balancer listening). {@code balancer} is the
 * balancer's own process as a row like an instance's (its requests per second the total over the instances), or
 * null when no balancer process runs. {@code writer} is the id of the instance the balancer sends every write to;
 * null with round-robin writes, none up, or unknown.
 */
public record SupervisorStatus(long pid, long uptimeSeconds, Long memoryBytes, int balancerPort, String url,
                               boolean ready, List<InstanceStatus> instances, InstanceStatus balancer, String writer) {
    @JsonCreator
    public SupervisorStatus {
        instances = List.copyOf(instances);
    }

    /** Without a balancer process. */
    public SupervisorStatus(long pid, long uptimeSeconds, Long memoryBytes, int balancerPort, String url,
                            boolean ready, List<InstanceStatus> instances) {
        this(pid, uptimeSeconds, memoryBytes, balancerPort, url, ready, instances, null, null);
    }

    public boolean allOnline() {
        return !instances.isEmpty() && instances.stream().allMatch(i -> i.state().equals("online"));
    }
}
