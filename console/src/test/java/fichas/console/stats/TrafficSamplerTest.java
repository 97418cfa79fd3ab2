package fichas.console.stats;

import fichas.balancer.metrics.HistogramSnapshot;
import fichas.core.metrics.LatencyHistogram;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrafficSamplerTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final LatencyHistogram latency = HistogramSnapshot.newHistogram();

    private final TrafficSampler sampler = new TrafficSampler(new TrafficSampler.Source() {
        @Override
        public Map<String, TrafficReading> backends(long now) {
            return Map.of("8000", new TrafficReading(now, requests.get(), errors.get(), HistogramSnapshot.of(latency)));
        }

        @Override
        public TrafficReading balancer(long now) {
            return new TrafficReading(now, requests.get(), errors.get(), HistogramSnapshot.empty());
        }
    }, nanos::get, 3);

    @Test
    void ratesAreZeroAndP95UnknownBeforeTwoSamples() {
        sampler.sample();
        assertThat(sampler.backend("8000")).isEqualTo(TrafficRates.NONE);
        assertThat(sampler.backend("unknown")).isEqualTo(TrafficRates.NONE);
    }

    @Test
    void requestsPerSecondAndErrorRateSpanTheWholeWindow() {
        sampler.sample();
        advance(100, 1);
        sampler.sample();
        advance(300, 3);
        sampler.sample();

        TrafficRates r = sampler.backend("8000");
        assertThat(r.requestsPerSecond()).isCloseTo(200.0, within(0.001)); // 400 over 2 s
        assertThat(r.errorRate()).isCloseTo(0.01, within(0.0001));          // 4 of 400
        assertThat(r.p95Millis()).isNotNull().isBetween(1.0, 2.0);
        assertThat(sampler.balancer().requestsPerSecond()).isCloseTo(200.0, within(0.001));
        assertThat(sampler.balancer().p95Millis()).isNull();
    }

    @Test
    void oldReadingsLeaveTheWindowSoABurstFadesOut() {
        sampler.sample();
        advance(1000, 0);
        sampler.sample();
        advance(0, 0);
        sampler.sample();
        advance(0, 0);
        sampler.sample(); // the window now holds the last three readings, after the burst

        TrafficRates r = sampler.backend("8000");
        assertThat(r.requestsPerSecond()).isZero();
        assertThat(r.errorRate()).isZero();
        assertThat(r.p95Millis()).isNull();
    }

    private void advance(int newRequests, int newErrors) {
        nanos.addAndGet(SECOND);
        requests.addAndGet(newRequests);
        errors.addAndGet(newErrors);
        for (int i = 0; i < newRequests; i++) {
            latency.record(1_500_000);
        }
    }
}
