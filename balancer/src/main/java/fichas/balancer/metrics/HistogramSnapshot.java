package fichas.balancer.metrics;

import fichas.core.metrics.LatencyHistogram;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Bucket counts of a backend's attempt-latency {@link LatencyHistogram} (core's, with the fixed bounds
 * {@link #BOUNDS_NANOS}, which are also the Prometheus {@code le} labels) at one moment (not cumulative across buckets: {@code counts[i]}
 * is the number of latencies in bucket i alone; the last bucket is +Inf). Immutable.
 */
public record HistogramSnapshot(long[] counts, long sumNanos) {
    /** Upper bounds (inclusive) of the finite buckets: 1 ms … 10 s. Everything slower lands in +Inf. */
    static final long[] BOUNDS_NANOS = {
            1_000_000L, 2_000_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L,
            250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L};

    /** A histogram of attempt latencies in nanoseconds, in these buckets. */
    public static LatencyHistogram newHistogram() {
        return LatencyHistogram.upperBounds(BOUNDS_NANOS);
    }

    /** What {@code histogram} (made by {@link #newHistogram()}) holds now. */
    public static HistogramSnapshot of(LatencyHistogram histogram) {
        return new HistogramSnapshot(histogram.counts(), histogram.sum());
    }

    /** The finite upper bounds in seconds, for the Prometheus {@code le} label. */
    public static double[] boundsSeconds() {
        double[] s = new double[BOUNDS_NANOS.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = BOUNDS_NANOS[i] / 1e9;
        }
        return s;
    }

    public HistogramSnapshot {
        counts = counts.clone();
    }

    public static HistogramSnapshot empty() {
        return new HistogramSnapshot(new long[BOUNDS_NANOS.length + 1], 0);
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public long count() {
        return Arrays.stream(counts).sum();
    }

    /** What was recorded after {@code earlier}: bucket by bucket differences. */
    public HistogramSnapshot minus(HistogramSnapshot earlier) {
        long[] d = new long[counts.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0, counts[i] - earlier.counts[i]);
        }
        return new HistogramSnapshot(d, Math.max(0, sumNanos - earlier.sumNanos));
    }

    /**
     * The q-quantile (0 < q ≤ 1) in milliseconds, interpolated linearly inside its bucket (as Prometheus'
     * {@code histogram_quantile} does); a quantile in the +Inf bucket is reported as the last finite bound.
     * Empty when nothing was recorded.
     */
    public OptionalDouble quantileMillis(double q) {
        long total = count();
        if (total == 0) {
            return OptionalDouble.empty();
        }
        double rank = q * total;
        long seen = 0;
        long[] bounds = BOUNDS_NANOS;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && seen + counts[i] >= rank) {
                if (i == bounds.length) {
                    return OptionalDouble.of(bounds[bounds.length - 1] / 1e6);
                }
                double lower = i == 0 ? 0 : bounds[i - 1];
                double fraction = (rank - seen) / counts[i];
                return OptionalDouble.of((lower + (bounds[i] - lower) * fraction) / 1e6);
            }
            seen += counts[i];
        }
        return OptionalDouble.of(bounds[bounds.length - 1] / 1e6);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistogramSnapshot h && h.sumNanos == sumNanos && Arrays.equals(h.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(counts) + Long.hashCode(sumNanos);
    }

    @Override
    public String toString() {
        return "HistogramSnapshot" + Arrays.toString(counts) + " sum " + sumNanos + " ns";
    }
}
