package fichas.balancer;

import fichas.balancer.admin.AdminActions;
import fichas.balancer.admin.AdminContext;
import fichas.balancer.admin.AdminRoutes;
import fichas.balancer.admin.AuthFailureThrottle;
import fichas.balancer.admin.Monitor;
import fichas.balancer.admin.SupervisorView;
import fichas.balancer.admin.TokenVerifier;
import fichas.balancer.alerts.BalancerAlerts;
import fichas.balancer.alerts.OwnRulesOnly;
import fichas.balancer.proxy.BackendState;
import fichas.balancer.scrape.BackendScraper;
import fichas.balancer.stats.HistogramSnapshot;
import fichas.balancer.stats.TrafficReading;
import fichas.balancer.stats.TrafficSampler;
import fichas.observability.alerts.AlertEngine;
import fichas.observability.alerts.AlertListener;
import fichas.observability.alerts.WebhookConfig;
import fichas.observability.alerts.WebhookNotifier;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The balancer's monitoring side, built once at start: rates, scraper, alerts (and their webhook), token
 * checks, the monitor thread and the admin routes. Kept apart from {@link Balancer} so that the proxy's own
 * wiring stays readable. {@link #close()} stops the threads it started.
 */
final class MonitoringParts implements AutoCloseable {
    /** Readings kept per series: rates span the last 5 s of once-a-second samples. */
    private static final int RATE_WINDOW_READINGS = 6;
    /** Addresses whose failed token checks are remembered; an evicted one starts with a full bucket. */
    private static final long MAX_THROTTLED_CLIENTS = 100_000;

    /** The proxy's counters the monitoring reads. */
    record Counters(LongAdder requests, LongAdder failures, LongAdder rateLimited, LongAdder retries) {
    }

    private final Monitor monitor;
    private final TokenVerifier tokens;
    private final AdminActions actions;
    private final WebhookNotifier webhook;
    private final HttpHandler adminRoutes;

    private MonitoringParts(Monitor monitor, TokenVerifier tokens, AdminActions actions, WebhookNotifier webhook,
                            HttpHandler adminRoutes) {
        this.monitor = monitor;
        this.tokens = tokens;
        this.actions = actions;
        this.webhook = webhook;
        this.adminRoutes = adminRoutes;
    }

    static MonitoringParts create(BalancerConfig config, List<BackendState> backends, Supplier<String> writer,
                                  IntSupplier queueLength,
                                  Counters counters, IntSupplier port, SupervisorView supervisor, Clock clock) {
        MonitoringConfig m = config.monitoring();
        WebhookNotifier webhook = m.webhookUrl() == null ? null : new WebhookNotifier(WebhookConfig.defaults(m.webhookUrl()));
        List<AlertListener> listeners = webhook == null ? List.of() : List.of(new OwnRulesOnly(webhook));
        BalancerAlerts alerts = new BalancerAlerts(new AlertEngine(BalancerAlerts.SOURCE, clock, List.of(), listeners),
                clock, m.restartAlertClearAfter(), m.backendDownAlertAfter());
        TrafficSampler traffic = new TrafficSampler(source(backends, counters), System::nanoTime, RATE_WINDOW_READINGS);
        Duration scrapeTimeout = m.scrapeInterval().compareTo(Duration.ofMillis(1500)) < 0 ? m.scrapeInterval()
                : Duration.ofMillis(1500);
        BackendScraper scraper = new BackendScraper(backends.stream().map(BackendState::backend).toList(), scrapeTimeout, clock);
        AuthFailureThrottle throttle = m.authFailuresPerMinute() == 0 ? AuthFailureThrottle.off()
                : AuthFailureThrottle.perMinute(m.authFailuresPerMinute(), MAX_THROTTLED_CLIENTS, System::nanoTime);
        TokenVerifier tokens = new TokenVerifier(m.database(), m.tokenCacheTtl(), clock, throttle);
        Monitor monitor = new Monitor(backends, traffic, scraper, alerts, supervisor);
        AdminContext ctx = new AdminContext(config, port, Instant.now(clock), clock, backends, writer, queueLength,
                counters.requests(), counters.failures(), counters.rateLimited(), counters.retries(), traffic, scraper,
                alerts, tokens, supervisor, monitor);
        AdminActions actions = new AdminActions(backends, supervisor);
        return new MonitoringParts(monitor, tokens, actions, webhook, new AdminRoutes(ctx, actions));
    }

    private static TrafficSampler.Source source(List<BackendState> backends, Counters counters) {
        return new TrafficSampler.Source() {
            @Override
            public Map<String, TrafficReading> backends(long nanos) {
                Map<String, TrafficReading> readings = new LinkedHashMap<>();
                for (BackendState b : backends) {
                    var s = b.snapshot();
                    readings.put(b.id(), new TrafficReading(nanos, s.requests(), s.errors(), HistogramSnapshot.of(b.latency())));
                }
                return readings;
            }

            @Override
            public TrafficReading balancer(long nanos) {
                return new TrafficReading(nanos, counters.requests().sum(), counters.failures().sum(),
                        HistogramSnapshot.empty());
            }
        };
    }

    void start(Duration scrapeInterval) {
        monitor.start(scrapeInterval);
    }

    HttpHandler adminRoutes() {
        return adminRoutes;
    }

    @Override
    public void close() {
        monitor.close();
        actions.close();
        tokens.close();
        if (webhook != null) {
            webhook.close();
        }
    }
}
