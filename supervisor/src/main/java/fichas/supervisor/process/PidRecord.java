package fichas.supervisor.process;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of a pid file: {@code <name> <pid> <start-epoch-millis>}. The start time guards against pid reuse:
 * a live process with the same pid but another start time is somebody else's.
 */
public record PidRecord(String name, long pid, long startMillis) {
    /** Start instants read twice may differ by rounding of the OS clock ticks. */
    private static final long TOLERANCE_MILLIS = 1000;

    public static PidRecord of(String name, ProcessHandle handle) {
        long start = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new PidRecord(name, handle.pid(), start);
    }

    public static Optional<PidRecord> parse(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PidRecord(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String line() {
        return name + " " + pid + " " + startMillis;
    }

    /** The live process this record describes, if it still runs (same pid and same start time). */
    public Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().startInstant()
                .map(s -> Math.abs(s.toEpochMilli() - startMillis) <= TOLERANCE_MILLIS)
                .orElse(false));
    }
}
