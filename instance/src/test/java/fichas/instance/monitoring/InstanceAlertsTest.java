package fichas.instance.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.config.AlertConfig;
import fichas.observability.alerts.Alert;
import fichas.observability.alerts.AlertEngine;
import fichas.observability.alerts.Severity;
import fichas.observability.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InstanceAlertsTest {
    private static final Duration TICK = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final AtomicReference<MetricsSample> latest = new AtomicReference<>();
    private final AlertConfig config = new AlertConfig(80, Duration.ofMinutes(5), 85, Duration.ofMinutes(2), 80,
            Duration.ofSeconds(30), 1, Duration.ofMinutes(1), 2000, Duration.ofSeconds(30), Optional.empty());
    private final AlertEngine engine = new AlertEngine("8000", clock, InstanceAlerts.rules(config, latest::get),
            List.of());

    private static MetricsSample sample(double cpu, double heap, double pool, double errorRate, double p95Ms) {
        return new MetricsSample(Instant.EPOCH, 100, errorRate, 1, p95Ms, p95Ms, 3, 1, 0.9, 1000, cpu, heap, pool, 0, 0, 0);
    }

    private static MetricsSample healthy() {
        return sample(0.1, 0.3, 0.2, 0.0, 12);
    }

    /** Evaluates once per tick for {@code duration}, the way the sampler does. */
    private void run(MetricsSample sample, Duration duration) {
        latest.set(sample);
        for (Duration passed = Duration.ZERO; passed.compareTo(duration) <= 0; passed = passed.plus(TICK)) {
            engine.evaluate();
            clock.advance(TICK);
        }
    }

    private Optional<Alert> active(String rule) {
        return engine.active().stream().filter(a -> a.rule().equals(rule)).findFirst();
    }

    @Test
    void the_five_rules_have_the_configured_thresholds_and_windows() {
        assertThat(InstanceAlerts.rules(config, latest::get))
                .extracting(r -> r.name() + " " + r.threshold() + " " + r.window().toSeconds() + " " + r.severity())
                .containsExactly("cpu_high 80.0 300 WARNING", "memory_high 85.0 120 CRITICAL",
                        "db_connections_high 80.0 30 WARNING", "error_rate_high 1.0 60 CRITICAL",
                        "latency_p95_high 2000.0 30 WARNING");
    }

    @Test
    void a_high_p95_raises_only_after_its_window_and_resolves_when_it_drops() {
        run(sample(0.1, 0.3, 0.2, 0.0, 2500), Duration.ofSeconds(25));
        assertThat(active(InstanceAlerts.LATENCY_P95_HIGH)).isEmpty();

        run(sample(0.1, 0.3, 0.2, 0.0, 2500), Duration.ofSeconds(5));
        Alert raised = active(InstanceAlerts.LATENCY_P95_HIGH).orElseThrow();
        assertThat(raised.value()).isEqualTo(2500);
        assertThat(raised.threshold()).isEqualTo(2000);
        assertThat(raised.source()).isEqualTo("8000");
        assertThat(raised.severity()).isEqualTo(Severity.WARNING);

        run(healthy(), Duration.ZERO);
        assertThat(active(InstanceAlerts.LATENCY_P95_HIGH)).isEmpty();
        assertThat(engine.find(raised.id()).orElseThrow().resolvedBy()).isEqualTo(Alert.AUTO);
    }

    @Test
    void an_error_rate_over_one_percent_for_a_minute_raises_in_percent() {
        run(sample(0.1, 0.3, 0.2, 0.02, 10), Duration.ofSeconds(60));

        Alert alert = active(InstanceAlerts.ERROR_RATE_HIGH).orElseThrow();
        assertThat(alert.value()).isEqualTo(2.0);
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void cpu_memory_and_pool_rules_read_their_ratios_as_percentages() {
        run(sample(0.9, 0.9, 0.9, 0.0, 10), Duration.ofMinutes(5));

        assertThat(active(InstanceAlerts.CPU_HIGH)).map(Alert::value).contains(90.0);
        assertThat(active(InstanceAlerts.MEMORY_HIGH)).map(Alert::value).contains(90.0);
        assertThat(active(InstanceAlerts.DB_CONNECTIONS_HIGH)).map(Alert::value).contains(90.0);
    }

    @Test
    void a_breach_interrupted_by_a_healthy_sample_starts_its_window_again() {
        run(sample(0.1, 0.3, 0.9, 0.0, 10), Duration.ofSeconds(20));
        run(healthy(), Duration.ZERO);
        run(sample(0.1, 0.3, 0.9, 0.0, 10), Duration.ofSeconds(20));

        assertThat(active(InstanceAlerts.DB_CONNECTIONS_HIGH)).isEmpty();
    }

    @Test
    void without_a_sample_or_with_nan_values_nothing_is_raised() {
        run(null, Duration.ofMinutes(10));
        run(sample(Double.NaN, Double.NaN, Double.NaN, 0.0, Double.NaN), Duration.ofMinutes(10));

        assertThat(engine.active()).isEmpty();
    }
}
