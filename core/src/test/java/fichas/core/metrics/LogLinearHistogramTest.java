package fichas.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class LogLinearHistogramTest {
    @Test
    void every_value_lands_in_a_bucket_whose_middle_is_within_four_percent() {
        for (long micros = 16; micros < 50_000_000_000L; micros = micros * 3 / 2 + 7) {
            int bucket = LatencyHistogram.LogLinear.bucket(micros);
            assertThat(bucket).isBetween(0, LatencyHistogram.LogLinear.BUCKETS - 1);
            assertThat(LatencyHistogram.LogLinear.value(bucket)).as("value of %d", micros)
                    .isCloseTo(micros, Percentage.withPercentage(4));
        }
        assertThat(LatencyHistogram.LogLinear.value(LatencyHistogram.LogLinear.bucket(3))).isEqualTo(3);
        assertThat(LatencyHistogram.LogLinear.bucket(-5)).isZero();
        assertThat(LatencyHistogram.LogLinear.bucket(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.LogLinear.BUCKETS - 1);
    }

    @Test
    void percentiles_follow_the_recorded_values() {
        LatencyHistogram histogram = LatencyHistogram.logLinear();
        for (int ms = 1; ms <= 100; ms++) {
            histogram.record(ms * 1000L);
        }

        long[] counts = histogram.counts();

        assertThat(LatencyHistogram.LogLinear.percentile(counts, 0.50)).isCloseTo(50_000, within(2_000.0));
        assertThat(LatencyHistogram.LogLinear.percentile(counts, 0.95)).isCloseTo(95_000, within(4_000.0));
        assertThat(LatencyHistogram.LogLinear.percentile(counts, 0.99)).isCloseTo(99_000, within(4_000.0));
    }

    @Test
    void an_interval_is_the_difference_of_two_snapshots() {
        LatencyHistogram histogram = LatencyHistogram.logLinear();
        for (int i = 0; i < 1000; i++) {
            histogram.record(500_000);
        }
        long[] before = histogram.counts();
        for (int i = 0; i < 10; i++) {
            histogram.record(2_000);
        }

        long[] interval = LatencyHistogram.minus(histogram.counts(), before);

        assertThat(LatencyHistogram.LogLinear.percentile(interval, 0.99)).isCloseTo(2_000, within(80.0));
        assertThat(LatencyHistogram.LogLinear.percentile(new long[LatencyHistogram.LogLinear.BUCKETS], 0.5)).isNaN();
    }
}
