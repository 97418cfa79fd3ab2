package fichas.supervisor.child;

import java.time.Instant;
import java.util.List;

/** An immutable view of one child at one moment, safe to hand to any thread. Nullable: pid, startedAt, lastExitCode, lastError. */
public record ChildSnapshot(String name, String id, int port, Long pid, ChildState state, Instant startedAt, int restarts,
                            boolean healthy, Integer lastExitCode, String lastError, List<String> lastLogLines) {
    public ChildSnapshot {
        lastLogLines = List.copyOf(lastLogLines);
    }
}
