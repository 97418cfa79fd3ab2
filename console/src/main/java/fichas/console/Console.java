package fichas.console;

import fichas.balancer.BalancerState;
import fichas.balancer.Mount;
import fichas.balancer.MonitoringConfig;
import fichas.balancer.metrics.HistogramSnapshot;
import fichas.balancer.proxy.BackendState;
import fichas.console.admin.AdminActions;
import fichas.console.admin.AdminRoutes;
import fichas.console.admin.AuthFailureThrottle;
import fichas.console.admin.MetricsReport;
import fichas.console.admin.Monitor;
import fichas.console.admin.StatusReport;
import fichas.console.admin.SupervisorView;
import fichas.console.admin.TokenVerifier;
import fichas.console.alerts.BalancerAlerts;
import fichas.console.alerts.OwnRulesOnly;
import fichas.console.dashboard.DashboardHandler;
import fichas.console.http.ReservedPathsHandler;
import fichas.console.scrape.BackendScraper;
import fichas.console.stats.TrafficReading;
import fichas.console.stats.TrafficSampler;
import fichas.core.config.Secret;
import fichas.core.http.GzipHandler;
import fichas.observability.alerts.AlertEngine;
import fichas.observability.alerts.AlertListener;
import fichas.observability.alerts.WebhookConfig;
import fichas.observability.alerts.WebhookNotifier;
import io.undertow.server.HttpHandler;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin console, mounted on the balancer's port in front of the proxy ({@link Mount}): the admin API under
 * {@code /balancer/}, the dashboard and the production board, and behind them the rates, the scraper, the alerts
 * (and their webhook), the token checks and the monitor thread. Built by {@link #mount} from the balancer's
 * {@link BalancerState}; {@link #close()} stops the threads it started. See {@code console/README.md}.
 */
public final class Console implements Mount {
    /** Readings kept per series: rates span the last 5 s of once-a-second samples. */
    private static final int RATE_WINDOW_READINGS = 6;
    /** Addresses whose failed token checks are remembered; an evicted one starts with a full bucket. */
    private static final long MAX_THROTTLED_CLIENTS = 100_000;

    private final SupervisorView supervisor;
    private final Clock clock;
    private Duration scrapeInterval;
    private Monitor monitor;
    private TokenVerifier tokens;
    private AdminActions actions;
    private WebhookNotifier webhook;

    private Console(SupervisorView supervisor, Clock clock) {
        this.supervisor = supervisor;
        this.clock = clock;
    }

    /**
     * A console for one balancer.
     *
     * @param supervisor the supervisor that runs the balancer (children on the status page, reload and restart
     *                   actions, child alerts), or null when the balancer runs alone (those actions answer 503)
     */
    public static Console of(SupervisorView supervisor) {
        return new Console(supervisor, Clock.systemUTC());
    }

    @Override
    public synchronized HttpHandler mount(BalancerState balancer, HttpHandler proxy) {
        if (monitor != null) {
            throw new IllegalStateException("a console is mounted once");
        }
        MonitoringConfig m = balancer.config().monitoring();
        List<BackendState> backends = balancer.backends();
        webhook = m.webhookUrl() == null ? null : new WebhookNotifier(WebhookConfig.defaults(m.webhookUrl()));
        List<AlertListener> listeners = webhook == null ? List.of() : List.of(new OwnRulesOnly(webhook));
        BalancerAlerts alerts = new BalancerAlerts(new AlertEngine(BalancerAlerts.SOURCE, clock, List.of(), listeners),
                clock, m.restartAlertClearAfter(), m.backendDownAlertAfter());
        TrafficSampler traffic = new TrafficSampler(source(balancer), System::nanoTime, RATE_WINDOW_READINGS);
        Duration scrapeTimeout = m.scrapeInterval().compareTo(Duration.ofMillis(1500)) < 0 ? m.scrapeInterval()
                : Duration.ofMillis(1500);
        BackendScraper scraper = new BackendScraper(backends.stream().map(BackendState::backend).toList(), scrapeTimeout, clock,
                m.metricsToken().map(Secret::reveal).orElse(null));
        AuthFailureThrottle throttle = m.authFailuresPerMinute() == 0 ? AuthFailureThrottle.off()
                : AuthFailureThrottle.perMinute(m.authFailuresPerMinute(), MAX_THROTTLED_CLIENTS, System::nanoTime);
        tokens = new TokenVerifier(() -> instancesToAsk(balancer), m.tokenCacheTtl(), throttle);
        monitor = new Monitor(backends, traffic, scraper, alerts, supervisor);
        scrapeInterval = m.scrapeInterval();
        Instant startedAt = Instant.now(clock);
        StatusReport status = new StatusReport(balancer, startedAt, clock, traffic, scraper, alerts, monitor,
                supervisor != null);
        MetricsReport metrics = new MetricsReport(balancer, tokens, alerts, startedAt, clock);
        actions = new AdminActions(backends, supervisor);
        // The admin answers gzipped as API.md's (the dashboard polls a ~7 KB status every 2 s); the dashboard's files
        // are stored gzipped already, and proxied answers come as the instances encoded them.
        HttpHandler admin = new GzipHandler(new AdminRoutes(status, metrics, alerts, tokens, actions, m.metricsCallers()),
                1024);
        return new ReservedPathsHandler(admin, new DashboardHandler(), proxy);
    }

    /** Where token checks go: the healthy backends first (in order), then the others (their health may lag). */
    private static List<URI> instancesToAsk(BalancerState balancer) {
        List<BackendState> backends = balancer.backends();
        List<URI> order = new ArrayList<>(backends.size());
        backends.stream().filter(b -> b.health().isUp()).forEach(b -> order.add(b.uri()));
        backends.stream().filter(b -> !b.health().isUp()).forEach(b -> order.add(b.uri()));
        return order;
    }

    private static TrafficSampler.Source source(BalancerState balancer) {
        return new TrafficSampler.Source() {
            @Override
            public Map<String, TrafficReading> backends(long nanos) {
                Map<String, TrafficReading> readings = new LinkedHashMap<>();
                for (BackendState b : balancer.backends()) {
                    var s = b.snapshot();
                    readings.put(b.id(), new TrafficReading(nanos, s.requests(), s.errors(), HistogramSnapshot.of(b.latency())));
                }
                return readings;
            }

            @Override
            public TrafficReading balancer(long nanos) {
                return new TrafficReading(nanos, balancer.requests(), balancer.failures(), HistogramSnapshot.empty());
            }
        };
    }

    @Override
    public synchronized void started() {
        monitor.start(scrapeInterval);
    }

    @Override
    public synchronized void close() {
        if (monitor == null) {
            return;
        }
        monitor.close();
        actions.close();
        if (webhook != null) {
            webhook.close();
        }
    }
}
