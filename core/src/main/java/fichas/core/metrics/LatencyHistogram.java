package fichas.core.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one latency histogram: counts per bucket and the sum of what was recorded, cheap enough for every request
 * (one atomic add per bucket and one {@link LongAdder} add, no allocation, no lock). Two bucket layouts:
 * {@link #logLinear()}, 16 buckets per power of two (a percentile read from it is within ~3 % of the true value;
 * the instance's per-route figures, in microseconds), and {@link #upperBounds}, a few fixed inclusive bounds (the
 * balancer's Prometheus {@code le} buckets, in nanoseconds). The unit is the caller's. Counters are read one by
 * one, so a read taken under load may be a few records apart between buckets and sum. Intervals come from the
 * difference of two {@link #counts()}. Thread-safe.
 */
public final class LatencyHistogram {
    private final long[] bounds;
    private final AtomicLongArray counts;
    private final LongAdder sum = new LongAdder();

    private LatencyHistogram(long[] bounds, int buckets) {
        this.bounds = bounds;
        this.counts = new AtomicLongArray(buckets);
    }

    /** Log-linear buckets from 0 to ~19 hours of microseconds (see {@link LogLinear}); longer lands in the last. */
    public static LatencyHistogram logLinear() {
        return new LatencyHistogram(null, LogLinear.BUCKETS);
    }

    /**
     * One bucket per inclusive upper bound (ascending), plus one for everything above the last (+Inf): a value
     * lands in the first bucket whose bound is not below it.
     */
    public static LatencyHistogram upperBounds(long... bounds) {
        for (int i = 1; i < bounds.length; i++) {
            if (bounds[i] <= bounds[i - 1]) {
                throw new IllegalArgumentException("bounds must ascend");
            }
        }
        return new LatencyHistogram(bounds.clone(), bounds.length + 1);
    }

    /** Records one value; a negative one (a clock oddity) counts as 0. */
    public void record(long value) {
        long v = Math.max(0, value);
        counts.getAndIncrement(bounds == null ? LogLinear.bucket(v) : boundedBucket(v));
        sum.add(v);
    }

    private int boundedBucket(long value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        return i;
    }

    public int buckets() {
        return counts.length();
    }

    /** A copy of the bucket counts (not cumulative: {@code [i]} is bucket i alone). */
    public long[] counts() {
        long[] copy = new long[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    /** Adds this histogram's counts into {@code into}, bucket by bucket. */
    public void addTo(long[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] += counts.get(i);
        }
    }

    /** The sum of every value recorded. */
    public long sum() {
        return sum.sum();
    }

    /** {@code now - before}, bucket by bucket (never below 0). */
    public static long[] minus(long[] now, long[] before) {
        long[] out = new long[now.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0, now[i] - before[i]);
        }
        return out;
    }

    /** The log-linear layout: which bucket a value falls in, what value stands for a bucket, percentiles. */
    public static final class LogLinear {
        private static final int SUB_BITS = 4;
        private static final int SUB_BUCKETS = 1 << SUB_BITS;
        private static final int MAX_EXPONENT = 36;
        public static final int BUCKETS = SUB_BUCKETS + (MAX_EXPONENT - SUB_BITS + 1) * SUB_BUCKETS;

        private LogLinear() {
        }

        public static int bucket(long value) {
            if (value < SUB_BUCKETS) {
                return (int) Math.max(0, value);
            }
            int exponent = 63 - Long.numberOfLeadingZeros(value);
            if (exponent > MAX_EXPONENT) {
                return BUCKETS - 1;
            }
            int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
            return (exponent - SUB_BITS + 1) * SUB_BUCKETS + sub;
        }

        /** The middle of bucket {@code index}. */
        public static double value(int index) {
            if (index < SUB_BUCKETS) {
                return index;
            }
            int exponent = index / SUB_BUCKETS + SUB_BITS - 1;
            int sub = index % SUB_BUCKETS;
            long width = 1L << (exponent - SUB_BITS);
            return (SUB_BUCKETS + sub) * (double) width + (width - 1) / 2.0;
        }

        /** The {@code quantile} (0..1) of log-linear {@code counts}, as its bucket's middle; NaN when all are 0. */
        public static double percentile(long[] counts, double quantile) {
            long total = 0;
            for (long count : counts) {
                total += count;
            }
            if (total <= 0) {
                return Double.NaN;
            }
            long rank = Math.max(1, (long) Math.ceil(quantile * total));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return value(i);
                }
            }
            return value(counts.length - 1);
        }
    }
}
