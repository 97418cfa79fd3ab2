package fichas.console.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScrapedMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void theGaugesOfAnInstanceArePickedOutOfAMicrometerScrape() {
        String text = """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.2345E7
                # TYPE fichas_cache_hit_ratio gauge
                fichas_cache_hit_ratio 0.93
                fichas_error_rate 0.0125
                fichas_requests_per_second 812.5 1732528800000
                fichas_latency_p95_seconds 0.012
                # TYPE fichas_alert_active gauge
                fichas_alert_active{rule="cpu_high",severity="warning"} 1.0
                fichas_alert_active{rule="memory_high",severity="critical"} 0.0
                fichas_alert_active{severity="critical",rule="p95_high"} 1
                fichas_events_subscribers{transport="sse"} 12.0
                fichas_events_subscribers{transport="websocket"} 3.0
                """;
        ScrapedMetrics m = ScrapedMetrics.from(NOW, PrometheusText.parse(text));

        assertThat(m.reachable()).isTrue();
        assertThat(m.eventSubscribers()).isEqualTo(15.0);
        assertThat(m.cacheHitRatio()).isEqualTo(0.93);
        assertThat(m.errorRate()).isEqualTo(0.0125);
        assertThat(m.requestsPerSecond()).isEqualTo(812.5);
        assertThat(m.latencyP95Seconds()).isEqualTo(0.012);
        assertThat(m.activeAlerts()).containsExactly(new ScrapedMetrics.ActiveRule("cpu_high", "warning"),
                new ScrapedMetrics.ActiveRule("p95_high", "critical"));
    }

    @Test
    void missingNanAndMalformedSeriesBecomeNullWithoutHidingTheRest() {
        String text = """
                fichas_cache_hit_ratio NaN
                fichas_error_rate not-a-number
                this is { not a sample
                fichas_alert_active{rule="cpu_high" 1
                fichas_requests_per_second 3
                """;
        ScrapedMetrics m = ScrapedMetrics.from(NOW, PrometheusText.parse(text));

        assertThat(m.cacheHitRatio()).isNull();
        assertThat(m.errorRate()).isNull();
        assertThat(m.latencyP95Seconds()).isNull();
        assertThat(m.requestsPerSecond()).isEqualTo(3.0);
        assertThat(m.activeAlerts()).isEmpty();
    }

    @Test
    void labelValuesMayContainEscapedQuotesCommasAndBraces() {
        List<PrometheusText.Sample> samples = PrometheusText.parse("m{a=\"x\\\"y,z}\",b=\"2\"} -Inf\n");
        assertThat(samples).hasSize(1);
        assertThat(samples.get(0).label("a")).isEqualTo("x\"y,z}");
        assertThat(samples.get(0).label("b")).isEqualTo("2");
        assertThat(samples.get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void anUnreachableBackendKnowsNothing() {
        ScrapedMetrics m = ScrapedMetrics.unreachable(NOW);
        assertThat(m.reachable()).isFalse();
        assertThat(m.cacheHitRatio()).isNull();
        assertThat(m.activeRuleNames()).isEmpty();
    }
}
