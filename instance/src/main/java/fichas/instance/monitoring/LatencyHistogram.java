package fichas.instance.monitoring;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Request durations in log-linear buckets (16 per power of two, so a percentile read from it is
 * within ~3 % of the true value), cheap enough to record every request: one atomic add, no
 * allocation, no lock. Values are microseconds from 0 to ~19 hours; longer ones land in the last
 * bucket. Percentiles over an interval come from the difference of two {@link #counts()}.
 * Thread-safe.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 4;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    private static final int MAX_EXPONENT = 36;
    static final int BUCKETS = SUB_BUCKETS + (MAX_EXPONENT - SUB_BITS + 1) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long micros) {
        counts.getAndIncrement(bucket(micros));
    }

    /** A copy of the bucket counts (not one atomic snapshot: a concurrent record may or may not be in it). */
    long[] counts() {
        long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    /** Adds this histogram's counts into {@code into}, bucket by bucket. */
    void addTo(long[] into) {
        for (int i = 0; i < BUCKETS; i++) {
            into[i] += counts.get(i);
        }
    }

    static int bucket(long micros) {
        if (micros < SUB_BUCKETS) {
            return (int) Math.max(0, micros);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - SUB_BITS + 1) * SUB_BUCKETS + sub;
    }

    /** The middle of bucket {@code index}, in microseconds. */
    static double value(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = index / SUB_BUCKETS + SUB_BITS - 1;
        int sub = index % SUB_BUCKETS;
        long width = 1L << (exponent - SUB_BITS);
        return (SUB_BUCKETS + sub) * (double) width + (width - 1) / 2.0;
    }

    /** {@code now - before}, bucket by bucket. */
    static long[] minus(long[] now, long[] before) {
        long[] out = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            out[i] = now[i] - before[i];
        }
        return out;
    }

    /** The {@code quantile} (0..1) of {@code counts} in microseconds; NaN when they are all zero. */
    static double percentile(long[] counts, double quantile) {
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
