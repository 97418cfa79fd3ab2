package fichas.instance.monitoring;

import fichas.instance.config.AlertConfig;
import fichas.observability.alerts.Alert;
import fichas.observability.alerts.AlertEngine;
import fichas.observability.alerts.AlertListener;
import fichas.observability.alerts.MetricProbe;
import fichas.observability.alerts.Severity;
import fichas.observability.alerts.ThresholdRule;
import fichas.observability.alerts.WebhookConfig;
import fichas.observability.alerts.WebhookNotifier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The alert rules of one instance over its sampled metrics, the engine that raises and resolves
 * them (it logs each one as WARN), the webhook when one is configured, and the gauge
 * {@code fichas_alert_active{rule,severity}} (1 while the rule's alert is active) that the balancer
 * scrapes. The engine is evaluated by the monitoring scheduler after each sample. Thread-safe.
 */
final class InstanceAlerts implements AutoCloseable {
    static final String CPU_HIGH = "cpu_high";
    static final String MEMORY_HIGH = "memory_high";
    static final String DB_CONNECTIONS_HIGH = "db_connections_high";
    static final String ERROR_RATE_HIGH = "error_rate_high";
    static final String LATENCY_P95_HIGH = "latency_p95_high";

    private final List<ThresholdRule> rules;
    private final AlertEngine engine;
    private final WebhookNotifier webhook;

    InstanceAlerts(String source, Clock clock, AlertConfig config, Supplier<MetricsSample> latest) {
        this.rules = rules(config, latest);
        this.webhook = config.webhookUrl().map(url -> new WebhookNotifier(WebhookConfig.defaults(url))).orElse(null);
        List<AlertListener> listeners = webhook == null ? List.of() : List.of(webhook);
        this.engine = new AlertEngine(source, clock, rules, listeners);
    }

    /**
     * The five rules, each reading the latest sample: a value the sample does not have (NaN, or no
     * sample yet) reads as "no data", which neither starts nor continues a breach.
     */
    static List<ThresholdRule> rules(AlertConfig config, Supplier<MetricsSample> latest) {
        return List.of(
                rule(CPU_HIGH, "process CPU above %s %% of all cores", Severity.WARNING, config.cpuPercent(),
                        config.cpuWindow(), probe(latest, s -> s.cpuProcess() * 100)),
                rule(MEMORY_HIGH, "heap above %s %% of its maximum", Severity.CRITICAL, config.memoryPercent(),
                        config.memoryWindow(), probe(latest, s -> s.heapUsedRatio() * 100)),
                rule(DB_CONNECTIONS_HIGH, "database connections in use above %s %% of the pools", Severity.WARNING,
                        config.dbConnectionsPercent(), config.dbConnectionsWindow(),
                        probe(latest, s -> s.dbPoolUsedRatio() * 100)),
                rule(ERROR_RATE_HIGH, "responses with status >= 500 above %s %%", Severity.CRITICAL,
                        config.errorRatePercent(), config.errorRateWindow(), probe(latest, s -> s.errorRate() * 100)),
                rule(LATENCY_P95_HIGH, "p95 request duration above %s ms", Severity.WARNING, config.latencyP95Millis(),
                        config.latencyP95Window(), probe(latest, MetricsSample::latencyP95Ms)));
    }

    /** {@code what} has one {@code %s} for the threshold; the window is appended. */
    private static ThresholdRule rule(String name, String what, Severity severity, double threshold, Duration window,
                                      MetricProbe probe) {
        String description = String.format(Locale.ROOT, what, compact(threshold)) + " for " + window.toSeconds() + " s";
        return new ThresholdRule(name, description, severity, threshold, window, probe);
    }

    private static MetricProbe probe(Supplier<MetricsSample> latest, ToDoubleFunction<MetricsSample> value) {
        return () -> {
            MetricsSample sample = latest.get();
            if (sample == null) {
                return OptionalDouble.empty();
            }
            double read = value.applyAsDouble(sample);
            return Double.isFinite(read) ? OptionalDouble.of(read) : OptionalDouble.empty();
        };
    }

    /** Registers {@code fichas_alert_active{rule,severity}}, one series per rule. */
    void bindTo(MeterRegistry registry) {
        for (ThresholdRule rule : rules) {
            Gauge.builder("fichas.alert.active", engine, e -> isActive(e, rule.name()))
                    .description("1 while the rule's alert is active on this instance, else 0")
                    .tags("rule", rule.name(), "severity", rule.severity().name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    private static double isActive(AlertEngine engine, String rule) {
        for (Alert alert : engine.active()) {
            if (alert.rule().equals(rule)) {
                return 1;
            }
        }
        return 0;
    }

    AlertEngine engine() {
        return engine;
    }

    private static String compact(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public void close() {
        if (webhook != null) {
            webhook.close();
        }
    }
}
