package fichas.console.admin;

import fichas.balancer.BalancerSnapshot.BackendSnapshot;
import fichas.balancer.BalancerState;
import fichas.balancer.health.HealthHistory;
import fichas.balancer.proxy.BackendState;
import fichas.console.alerts.BalancerAlerts;
import fichas.console.scrape.BackendScraper;
import fichas.console.scrape.ScrapedMetrics;
import fichas.console.stats.TrafficRates;
import fichas.console.stats.TrafficSampler;
import fichas.observability.alerts.AlertJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /balancer/status} (docs/CONTRACTS.md, "Balancer HTTP surface"): the balancer, each
 * backend, each supervised child, the active alerts. Ordered maps with snake_case keys, ready for Jackson;
 * unknown values are null. Reads only what it is given; thread-safe as they are.
 */
public final class StatusReport {
    private final BalancerState balancer;
    private final Instant startedAt;
    private final Clock clock;
    private final TrafficSampler traffic;
    private final BackendScraper scraper;
    private final BalancerAlerts alerts;
    private final Monitor monitor;
    private final boolean supervised;

    /** @param supervised whether a supervisor runs the balancer (its children come from {@code monitor}) */
    public StatusReport(BalancerState balancer, Instant startedAt, Clock clock, TrafficSampler traffic,
                        BackendScraper scraper, BalancerAlerts alerts, Monitor monitor, boolean supervised) {
        this.balancer = balancer;
        this.startedAt = startedAt;
        this.clock = clock;
        this.traffic = traffic;
        this.scraper = scraper;
        this.alerts = alerts;
        this.monitor = monitor;
        this.supervised = supervised;
    }

    Map<String, Object> build() {
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("generated_at", now.truncatedTo(ChronoUnit.SECONDS).toString());
        String writer = balancer.writer();
        body.put("balancer", balancer(now, writer));
        body.put("backends", balancer.backends().stream().map(b -> backend(b, writer)).toList());
        body.put("children", monitor.children().stream().map(StatusReport::child).toList());
        body.put("alerts", alerts.active().stream().map(AlertJson::toMap).toList());
        return body;
    }

    private Map<String, Object> balancer(Instant now, String writer) {
        TrafficRates rates = traffic.balancer();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("port", balancer.port());
        m.put("uptime_s", Duration.between(startedAt, now).toSeconds());
        m.put("in_flight", balancer.inFlight());
        m.put("queue_length", balancer.queueLength());
        m.put("queue_capacity", balancer.config().proxy().queueSize());
        m.put("requests_total", balancer.requests());
        m.put("requests_per_second", round(rates.requestsPerSecond()));
        m.put("error_rate", round(rates.errorRate()));
        m.put("rate_limited_total", balancer.rateLimited());
        m.put("supervised", supervised);
        m.put("write_routing", balancer.config().proxy().writeRouting().label());
        m.put("writer", writer);
        return m;
    }

    private Map<String, Object> backend(BackendState state, String writer) {
        BackendSnapshot s = state.snapshot();
        TrafficRates rates = traffic.backend(s.id());
        ScrapedMetrics scraped = scraper.latest(s.id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("address", state.backend().host() + ":" + state.backend().port());
        m.put("state", s.state().name());
        m.put("writer", s.id().equals(writer));
        m.put("in_flight", s.inFlight());
        m.put("requests_total", s.requests());
        m.put("errors_total", s.errors());
        m.put("retries_total", s.retries());
        m.put("ejections_total", s.ejections());
        m.put("requests_per_second", round(rates.requestsPerSecond()));
        m.put("error_rate", round(rates.errorRate()));
        m.put("p95_ms", rates.p95Millis() == null ? null : round(rates.p95Millis()));
        m.put("cache_hit_ratio", scraped.cacheHitRatio() == null ? null : round(scraped.cacheHitRatio()));
        m.put("event_subscribers", scraped.eventSubscribers() == null ? null : Math.round(scraped.eventSubscribers()));
        List<Map<String, Object>> history = new ArrayList<>();
        for (HealthHistory.Check c : state.healthHistory().checks()) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("at", c.at().truncatedTo(ChronoUnit.MILLIS).toString());
            check.put("ok", c.ok());
            check.put("latency_ms", c.latencyMillis() == null ? null : round(c.latencyMillis()));
            history.add(check);
        }
        m.put("health_history", history);
        m.put("alerts", scraped.activeRuleNames());
        return m;
    }

    private static Map<String, Object> child(ChildView c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("port", c.port());
        m.put("pid", c.pid());
        m.put("state", c.state());
        m.put("uptime_s", c.uptimeSeconds());
        m.put("restarts", c.restarts());
        m.put("rss_bytes", c.rssBytes());
        m.put("cpu_percent", c.cpuPercent() == null ? null : round(c.cpuPercent()));
        return m;
    }

    /** Three decimals are plenty for a dashboard and keep the JSON short. */
    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : 0;
    }
}
