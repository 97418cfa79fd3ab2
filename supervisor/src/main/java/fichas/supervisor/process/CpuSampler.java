package fichas.supervisor.process;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU use of processes in percent of one core, like {@code top} and {@code pm2}: the CPU time a process used
 * since the previous sample, over the wall time between them. A pid's first sample averages over its
 * lifetime. Thread-safe.
 */
public final class CpuSampler {
    private record Sample(long cpuNanos, long wallNanos) {
    }

    private final Map<Long, Sample> last = new HashMap<>();

    public synchronized Optional<Double> percent(long pid) {
        Optional<ProcessHandle.Info> info = ProcessHandle.of(pid).map(ProcessHandle::info);
        Optional<Duration> cpu = info.flatMap(ProcessHandle.Info::totalCpuDuration);
        if (cpu.isEmpty()) {
            last.remove(pid);
            return Optional.empty();
        }
        long now = System.nanoTime();
        Sample previous = last.put(pid, new Sample(cpu.get().toNanos(), now));
        if (previous != null && now - previous.wallNanos() > 0) {
            return Optional.of(100.0 * (cpu.get().toNanos() - previous.cpuNanos()) / (now - previous.wallNanos()));
        }
        Optional<Instant> started = info.flatMap(ProcessHandle.Info::startInstant);
        long lifetime = started.map(s -> Duration.between(s, Instant.now()).toNanos()).orElse(0L);
        return lifetime > 0 ? Optional.of(100.0 * cpu.get().toNanos() / lifetime) : Optional.empty();
    }

    /** Forgets pids that are gone, so the map stays as small as the set of children. */
    public synchronized void retain(java.util.Collection<Long> pids) {
        last.keySet().retainAll(pids);
    }
}
