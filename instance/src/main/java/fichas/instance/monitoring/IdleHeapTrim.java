package fichas.instance.monitoring;

import java.lang.management.GarbageCollectorMXBean;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Gives memory back after a burst of load: once the heap has been collected at least {@link #MIN_COLLECTIONS} times
 * in busy ticks since the last trim, and then {@code idle} has passed with no busy tick (a tick is busy with
 * {@link #BUSY_TICK_COLLECTIONS} or more collections: the health checks, scrapes and change-log polls of a quiet
 * instance still fill a small young generation now and then, one collection per tick or less), it gives memory
 * back: the storage's caches, then one full collection, then the C library's freed memory ({@link #forThisJvm}).
 *
 * <p>Why explicit: the instances run the serial collector (the least CPU and memory of the JVM's collectors on two
 * cores), and it returns heap to the operating system only at a full collection, which a steady load seldom needs.
 * Without one, an instance keeps the RSS of its busiest minute for the rest of its life — heap cap plus ~75 MB
 * (PERFORMANCE.md). The collection shrinks the heap down to the live data, never below {@code -Xms}
 * ({@link #collectGivingHeapBack()}). The pause is that of one full collection of the
 * live data, on an instance that has been idle for {@code idle}. The C library's freed memory goes back too
 * ({@link #trimNativeHeap()}). With a sampling interval much longer than the default 5 s an idle tick may count as
 * busy, and then it only trims less often. Not thread-safe: called from the one sampler thread.
 */
public final class IdleHeapTrim {
    /** Collections in busy ticks since the last trim below which there is nothing worth giving back. */
    static final int MIN_COLLECTIONS = 10;
    /** Collections in one tick from which it is load, not the idle instance's own housekeeping. */
    static final int BUSY_TICK_COLLECTIONS = 2;
    /** Heap free ratios (%) of the trim's one collection: keep next to nothing free beyond the live data. */
    static final String TRIM_MIN_FREE_RATIO = "0";
    static final String TRIM_MAX_FREE_RATIO = "10";

    private final long idleNanos;
    private final LongSupplier collections;
    private final Runnable collect;
    private long lastCount = -1;
    private long quietSinceNanos;
    private long sinceTrim;
    private long trims;

    IdleHeapTrim(Duration idle, LongSupplier collections, Runnable collect) {
        this.idleNanos = idle.toNanos();
        this.collections = collections;
        this.collect = collect;
    }

    /**
     * Over this JVM's collectors: first {@code releaseCaches} (what the storage keeps in native memory), then a full
     * collection ({@link System#gc()}), then {@link #trimNativeHeap()}, so that what the first two free goes back too.
     */
    static IdleHeapTrim forThisJvm(Duration idle, Runnable releaseCaches) {
        return new IdleHeapTrim(idle, IdleHeapTrim::collectionsSoFar, () -> {
            releaseCaches.run();
            collectGivingHeapBack();
            trimNativeHeap();
        });
    }

    /**
     * One full collection that gives back the old generation's free space down to the initial heap: for that one
     * collection {@code MinHeapFreeRatio}/{@code MaxHeapFreeRatio} (flags the JVM lets a running program change) are
     * {@value #TRIM_MIN_FREE_RATIO}/{@value #TRIM_MAX_FREE_RATIO}, then put back as they were. With the JVM's 40/70 a
     * writer holding ~20 MB of live data after a load run kept a 54 MB old generation (PERFORMANCE.md). The shrink takes
     * effect at once only with {@code -XX:-ShrinkHeapInSteps} (the default instance options): otherwise the collector
     * shrinks by 0 % at the first explicit collection, 10 % at the second…. If a flag cannot be changed (another JVM, or
     * the user's own ratios out of range) the collection runs with the ratios as they are.
     */
    static void collectGivingHeapBack() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String minFree = hotSpot.getVMOption("MinHeapFreeRatio").getValue();
        String maxFree = hotSpot.getVMOption("MaxHeapFreeRatio").getValue();
        boolean changed = false;
        try {
            // Min first: the JVM refuses a Max below the current Min.
            hotSpot.setVMOption("MinHeapFreeRatio", TRIM_MIN_FREE_RATIO);
            changed = true;
            hotSpot.setVMOption("MaxHeapFreeRatio", TRIM_MAX_FREE_RATIO);
        } catch (IllegalArgumentException e) {
            // out of range for this JVM's other settings: collect with the ratios as they are
        }
        try {
            System.gc();
        } finally {
            if (changed) {
                // Max first, back above the lowered Min; then Min, below the restored Max.
                hotSpot.setVMOption("MaxHeapFreeRatio", maxFree);
                hotSpot.setVMOption("MinHeapFreeRatio", minFree);
            }
        }
    }

    /**
     * Returns to the OS the native memory the C library keeps after it was freed (glibc holds on to it for reuse:
     * 32 MB of an instance's RSS after a load run, PERFORMANCE.md), through the JVM's own {@code System.trim_native_heap}
     * diagnostic command. False where the JVM has no such command (before 17.0.9, or not on Linux): nothing is lost.
     */
    public static boolean trimNativeHeap() {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return true;
        } catch (JMException | RuntimeException e) {
            return false;
        }
    }

    /** Called on every sampling tick; true when it trimmed. */
    boolean check(long nowNanos) {
        long count = collections.getAsLong();
        long delta = lastCount < 0 ? 0 : count - lastCount;
        boolean first = lastCount < 0;
        lastCount = count;
        if (first || delta >= BUSY_TICK_COLLECTIONS) {
            sinceTrim += delta;
            quietSinceNanos = nowNanos;
            return false;
        }
        if (sinceTrim < MIN_COLLECTIONS || nowNanos - quietSinceNanos < idleNanos) {
            return false;
        }
        collect.run();
        trims++;
        sinceTrim = 0;
        lastCount = collections.getAsLong();
        quietSinceNanos = nowNanos;
        return true;
    }

    /** How many times it trimmed (a gauge). */
    long trims() {
        return trims;
    }

    private static long collectionsSoFar() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }
}
