package fichas.balancer.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * Attempt latencies of one backend in fixed buckets, cumulative since start. Recording is a short linear
 * scan over {@link #BOUNDS_NANOS} and two {@link LongAdder} increments: no allocation and no lock on the
 * IO thread. Readers copy the counters out with {@link #snapshot()}; counters are read one by one, so a
 * snapshot taken under load may be a few requests apart between buckets and sum.
 */
public final class LatencyHistogram {
    /** Upper bounds (inclusive) of the finite buckets: 1 ms … 10 s. Everything slower lands in +Inf. */
    static final long[] BOUNDS_NANOS = {
            1_000_000L, 2_000_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L,
            250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L};

    private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Records one latency; negative values (a clock oddity) count as 0. */
    public void record(long nanos) {
        long n = Math.max(0, nanos);
        int i = 0;
        while (i < BOUNDS_NANOS.length && n > BOUNDS_NANOS[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(n);
    }

    public HistogramSnapshot snapshot() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return new HistogramSnapshot(counts, sumNanos.sum());
    }

    /** The finite upper bounds in seconds, for the Prometheus {@code le} label. */
    public static double[] boundsSeconds() {
        double[] s = new double[BOUNDS_NANOS.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = BOUNDS_NANOS[i] / 1e9;
        }
        return s;
    }
}
