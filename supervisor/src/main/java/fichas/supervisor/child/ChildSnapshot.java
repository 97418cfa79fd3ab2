package fichas.supervisor.child;

import java.time.Instant;
import java.util.List;

/**
 * An immutable view of one child at one moment, safe to hand to any thread. Nullable: pid, startedAt, lastExitCode,
 * lastError. {@code restarts} counts every start after the first; {@code crashes} only those the supervisor made
 * after an exit (or a kill as hung) that nobody asked for: the alerts watch it.
 */
public record ChildSnapshot(String name, String id, int port, Long pid, ChildState state, Instant startedAt, int restarts,
                            int crashes, boolean healthy, Integer lastExitCode, String lastError, List<String> lastLogLines) {
    public ChildSnapshot {
        lastLogLines = List.copyOf(lastLogLines);
    }
}
