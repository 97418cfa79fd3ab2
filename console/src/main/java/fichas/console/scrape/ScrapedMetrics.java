package fichas.console.scrape;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the balancer learned from one backend's {@code GET /metrics} (docs/CONTRACTS.md, the gauges an
 * instance exposes for it). A value is null when the series was missing, not a number, or the scrape
 * failed. Immutable.
 *
 * @param at            when the scrape finished
 * @param reachable     false when the backend could not be scraped (down, refused, not 200, timed out)
 * @param activeAlerts  the instance's alert rules that are active right now
 * @param eventSubscribers open event streams on the instance ({@code fichas_events_subscribers}, all transports)
 */
public record ScrapedMetrics(Instant at, boolean reachable, Double cacheHitRatio, Double errorRate,
                             Double requestsPerSecond, Double latencyP95Seconds, List<ActiveRule> activeAlerts,
                             Double eventSubscribers) {

    /** An alert rule that an instance reports active, with its severity label ("warning" or "critical"). */
    public record ActiveRule(String rule, String severity) {
    }

    public ScrapedMetrics {
        activeAlerts = List.copyOf(activeAlerts);
    }

    /** Without the event subscribers (an instance that does not report them). */
    public ScrapedMetrics(Instant at, boolean reachable, Double cacheHitRatio, Double errorRate,
                          Double requestsPerSecond, Double latencyP95Seconds, List<ActiveRule> activeAlerts) {
        this(at, reachable, cacheHitRatio, errorRate, requestsPerSecond, latencyP95Seconds, activeAlerts, null);
    }

    public static ScrapedMetrics unreachable(Instant at) {
        return new ScrapedMetrics(at, false, null, null, null, null, List.of());
    }

    /** Picks the gauges out of a scrape; anything else in the text is ignored. */
    public static ScrapedMetrics from(Instant at, List<PrometheusText.Sample> samples) {
        Double hit = null;
        Double errors = null;
        Double rps = null;
        Double p95 = null;
        Double subscribers = null;
        List<ActiveRule> alerts = new ArrayList<>();
        for (PrometheusText.Sample s : samples) {
            switch (s.name()) {
                case "fichas_cache_hit_ratio" -> hit = finite(s.value());
                case "fichas_error_rate" -> errors = finite(s.value());
                case "fichas_requests_per_second" -> rps = finite(s.value());
                case "fichas_latency_p95_seconds" -> p95 = finite(s.value());
                // one series per transport (sse, websocket): their sum
                case "fichas_events_subscribers" -> subscribers = Double.isFinite(s.value())
                        ? (subscribers == null ? 0 : subscribers) + s.value() : subscribers;
                case "fichas_alert_active" -> {
                    String rule = s.label("rule");
                    if (rule != null && !rule.isBlank() && s.value() >= 1
                            && alerts.stream().noneMatch(a -> a.rule().equals(rule))) {
                        String severity = s.label("severity");
                        alerts.add(new ActiveRule(rule, severity == null ? "warning" : severity));
                    }
                }
                default -> {
                }
            }
        }
        return new ScrapedMetrics(at, true, hit, errors, rps, p95, alerts, subscribers);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    public List<String> activeRuleNames() {
        return activeAlerts.stream().map(ActiveRule::rule).toList();
    }
}
