package fichas.instance.monitoring;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The CPU this process used between two calls, as a fraction of all cores (0..1), from the
 * process's cumulative CPU time. Computed here rather than read from the JVM's "recent CPU load",
 * because that one is shared with every other reader (a Prometheus scrape would reset the window
 * the sampler sees). Not thread-safe: one sampler calls it.
 */
final class ProcessCpu {
    private final com.sun.management.OperatingSystemMXBean os;
    private final int cpus = Runtime.getRuntime().availableProcessors();
    private long lastCpuNanos;
    private long lastWallNanos;

    ProcessCpu() {
        OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        this.os = bean instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null;
        this.lastCpuNanos = cpuNanos();
        this.lastWallNanos = System.nanoTime();
    }

    /** The fraction of all cores used since the previous call (or since construction); NaN when unknown. */
    double sinceLastCall() {
        long cpu = cpuNanos();
        long wall = System.nanoTime();
        long cpuDelta = cpu - lastCpuNanos;
        long wallDelta = wall - lastWallNanos;
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        if (cpu < 0 || wallDelta <= 0 || cpuDelta < 0) {
            return Double.NaN;
        }
        return Math.min(1.0, cpuDelta / (double) wallDelta / cpus);
    }

    private long cpuNanos() {
        return os == null ? -1 : os.getProcessCpuTime();
    }
}
