package fichas.supervisor.status;

import java.util.List;

/**
 * One row of {@code status}, as the control endpoint sends it (JSON) and the CLI renders it.
 * Nullable: pid, uptimeSeconds, cpuPercent, memoryBytes, requestsPerSecond, lastExitCode, lastError.
 */
public record InstanceStatus(String name, String id, Long pid, int port, String state, Long uptimeSeconds, int restarts,
                             boolean healthy, Double cpuPercent, Long memoryBytes, Double requestsPerSecond, Integer lastExitCode,
                             String lastError, List<String> lastLogLines) {
    public InstanceStatus {
        lastLogLines = lastLogLines == null ? List.of() : List.copyOf(lastLogLines);
    }
}
