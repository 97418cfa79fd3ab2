package fichas.console.admin;

import fichas.balancer.BackendStatus;
import fichas.balancer.BalancerSnapshot.BackendSnapshot;
import fichas.balancer.BalancerState;
import fichas.console.alerts.BalancerAlerts;
import fichas.console.metrics.PrometheusWriter;
import fichas.balancer.proxy.BackendState;
import fichas.balancer.metrics.HistogramSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code GET /balancer/metrics}: the balancer's own series in the Prometheus text format.
 * Per-backend series carry a {@code backend} label (the backend id). Reads only what it is given; thread-safe
 * as they are.
 */
public final class MetricsReport {
    private static final double[] BOUNDS = HistogramSnapshot.boundsSeconds();

    private final BalancerState balancer;
    private final TokenVerifier tokens;
    private final BalancerAlerts alerts;
    private final Instant startedAt;
    private final Clock clock;

    public MetricsReport(BalancerState balancer, TokenVerifier tokens, BalancerAlerts alerts, Instant startedAt, Clock clock) {
        this.balancer = balancer;
        this.tokens = tokens;
        this.alerts = alerts;
        this.startedAt = startedAt;
        this.clock = clock;
    }

    String render() {
        List<BackendSnapshot> snapshots = new ArrayList<>();
        balancer.backends().forEach(b -> snapshots.add(b.snapshot()));
        PrometheusWriter w = new PrometheusWriter();

        w.family("fichas_balancer_backend_state", "gauge", "1 for the state the backend is in (UP, DOWN, DRAINING), 0 for the others");
        for (BackendSnapshot s : snapshots) {
            for (BackendStatus state : BackendStatus.values()) {
                w.sample("fichas_balancer_backend_state", s.state() == state ? 1 : 0, "backend", s.id(), "state", state.name());
            }
        }
        w.family("fichas_balancer_backend_up", "gauge", "1 while the backend is UP and in rotation, else 0");
        snapshots.forEach(s -> w.sample("fichas_balancer_backend_up", s.state() == BackendStatus.UP ? 1 : 0, "backend", s.id()));
        w.family("fichas_balancer_backend_in_flight", "gauge", "Attempts in flight to the backend");
        snapshots.forEach(s -> w.sample("fichas_balancer_backend_in_flight", s.inFlight(), "backend", s.id()));
        counter(w, "fichas_balancer_backend_requests_total", "Attempts sent to the backend", snapshots, BackendSnapshot::requests);
        counter(w, "fichas_balancer_backend_errors_total", "Attempts that failed or were answered 5xx", snapshots, BackendSnapshot::errors);
        counter(w, "fichas_balancer_backend_retries_total", "Failed attempts on the backend that were tried again", snapshots, BackendSnapshot::retries);
        counter(w, "fichas_balancer_backend_ejections_total", "Times live-traffic errors took the backend out of rotation", snapshots, BackendSnapshot::ejections);
        latency(w, balancer.backends());

        w.family("fichas_balancer_requests_total", "counter", "Requests received for proxying");
        w.sample("fichas_balancer_requests_total", balancer.requests());
        w.family("fichas_balancer_failed_requests_total", "counter", "Proxied requests answered 5xx (by the balancer or a backend)");
        w.sample("fichas_balancer_failed_requests_total", balancer.failures());
        w.family("fichas_balancer_retries_total", "counter", "Attempts repeated after a failed one");
        w.sample("fichas_balancer_retries_total", balancer.retries());
        w.family("fichas_balancer_rate_limited_total", "counter", "Proxied requests answered 429 rate_limited");
        w.sample("fichas_balancer_rate_limited_total", balancer.rateLimited());
        w.family("fichas_balancer_admin_auth_throttled_total", "counter",
                "Admin requests answered 429 rate_limited after too many failed token checks from the client address");
        w.sample("fichas_balancer_admin_auth_throttled_total", tokens.throttled());
        w.family("fichas_balancer_admin_token_lookups_total", "counter",
                "Admin token checks sent to the instances (GET /auth/me; token cache misses)");
        w.sample("fichas_balancer_admin_token_lookups_total", tokens.lookUps());
        w.family("fichas_balancer_in_flight", "gauge", "Attempts in flight to all backends");
        w.sample("fichas_balancer_in_flight", balancer.inFlight());
        w.family("fichas_balancer_queue_length", "gauge", "Requests waiting for a free backend connection");
        w.sample("fichas_balancer_queue_length", balancer.queueLength());
        w.family("fichas_balancer_queue_capacity", "gauge", "Most requests that may wait for a connection");
        w.sample("fichas_balancer_queue_capacity", balancer.config().proxy().queueSize());
        w.family("fichas_balancer_alerts_active", "gauge", "Active alerts in the balancer (its own and those mirrored from instances)");
        w.sample("fichas_balancer_alerts_active", alerts.active().size());
        w.family("fichas_balancer_uptime_seconds", "gauge", "Seconds since the balancer started");
        w.sample("fichas_balancer_uptime_seconds", Duration.between(startedAt, clock.instant()).toSeconds());
        return w.text();
    }

    private static void counter(PrometheusWriter w, String name, String help, List<BackendSnapshot> snapshots,
                                java.util.function.ToLongFunction<BackendSnapshot> value) {
        w.family(name, "counter", help);
        snapshots.forEach(s -> w.sample(name, value.applyAsLong(s), "backend", s.id()));
    }

    private static void latency(PrometheusWriter w, List<BackendState> backends) {
        String name = "fichas_balancer_backend_latency_seconds";
        w.family(name, "histogram", "Attempt latency per backend: connect to response read (or end of a streamed body)");
        for (BackendState b : backends) {
            HistogramSnapshot h = HistogramSnapshot.of(b.latency());
            long[] counts = h.counts();
            long cumulative = 0;
            for (int i = 0; i < BOUNDS.length; i++) {
                cumulative += counts[i];
                w.sample(name, "_bucket", cumulative, "backend", b.id(), "le", PrometheusWriter.format(BOUNDS[i]));
            }
            cumulative += counts[BOUNDS.length];
            w.sample(name, "_bucket", cumulative, "backend", b.id(), "le", "+Inf");
            w.sample(name, "_sum", h.sumNanos() / 1e9, "backend", b.id());
            w.sample(name, "_count", cumulative, "backend", b.id());
        }
    }
}
