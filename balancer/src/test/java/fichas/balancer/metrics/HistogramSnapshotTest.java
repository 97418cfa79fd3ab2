package fichas.balancer.metrics;

import fichas.core.metrics.LatencyHistogram;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistogramSnapshotTest {

    private static long ms(double millis) {
        return (long) (millis * 1_000_000);
    }

    @Test
    void eachLatencyLandsInTheFirstBucketWhoseBoundIsNotBelowIt() {
        LatencyHistogram h = HistogramSnapshot.newHistogram();
        h.record(ms(0.5));   // <= 1 ms
        h.record(ms(1));     // exactly on the bound: still <= 1 ms
        h.record(ms(3));     // <= 5 ms
        h.record(ms(20_000)); // over 10 s: +Inf
        h.record(-5);        // a clock oddity counts as 0

        long[] counts = HistogramSnapshot.of(h).counts();
        assertThat(counts[0]).isEqualTo(3);
        assertThat(counts[2]).isEqualTo(1);
        assertThat(counts[counts.length - 1]).isEqualTo(1);
        assertThat(HistogramSnapshot.of(h).count()).isEqualTo(5);
        assertThat(HistogramSnapshot.of(h).sumNanos()).isEqualTo(ms(0.5) + ms(1) + ms(3) + ms(20_000));
    }

    @Test
    void p95IsInterpolatedInsideItsBucket() {
        LatencyHistogram h = HistogramSnapshot.newHistogram();
        for (int i = 0; i < 90; i++) {
            h.record(ms(0.5));
        }
        for (int i = 0; i < 10; i++) {
            h.record(ms(40)); // bucket (25 ms, 50 ms]
        }
        // rank 95 of 100: 5 of the 10 in (25, 50] -> halfway, 37.5 ms
        assertThat(HistogramSnapshot.of(h).quantileMillis(0.95).getAsDouble()).isCloseTo(37.5, within(0.001));
        assertThat(HistogramSnapshot.of(h).quantileMillis(0.5).getAsDouble()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void aQuantileInTheOverflowBucketIsReportedAsTheLastFiniteBound() {
        LatencyHistogram h = HistogramSnapshot.newHistogram();
        h.record(ms(60_000));
        assertThat(HistogramSnapshot.of(h).quantileMillis(0.95).getAsDouble()).isEqualTo(10_000.0);
    }

    @Test
    void nothingRecordedHasNoQuantile() {
        assertThat(HistogramSnapshot.of(HistogramSnapshot.newHistogram()).quantileMillis(0.95)).isEmpty();
    }

    @Test
    void theDifferenceOfTwoSnapshotsHoldsWhatCameBetweenThem() {
        LatencyHistogram h = HistogramSnapshot.newHistogram();
        h.record(ms(3));
        HistogramSnapshot before = HistogramSnapshot.of(h);
        h.record(ms(300));
        HistogramSnapshot delta = HistogramSnapshot.of(h).minus(before);
        assertThat(delta.count()).isEqualTo(1);
        assertThat(delta.sumNanos()).isEqualTo(ms(300));
        assertThat(delta.quantileMillis(0.95).getAsDouble()).isBetween(250.0, 500.0);
    }
}
