package fichas.console.scrape;

import fichas.balancer.Backend;
import fichas.observability.access.MetricsCallers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every backend's {@code GET /metrics} straight from the backend (not through the proxy, and without
 * {@code X-Forwarded-For}, so a loopback instance answers without a token; an instance on another host
 * answers to the metrics token, sent when one is configured) and keeps the last result per backend. {@link #scrapeAll()} returns at once; the requests run on the scraper's own daemon thread and
 * JDK client. A backend that is down or answers garbage yields {@link ScrapedMetrics#unreachable}; one
 * failure is logged at DEBUG only, because a down backend is already reported by the health checks.
 * Thread-safe.
 */
public final class BackendScraper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackendScraper.class);

    private final List<Backend> backends;
    private final Duration timeout;
    private final Clock clock;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Map<String, ScrapedMetrics> latest = new ConcurrentHashMap<>();
    /** The {@code Authorization} value that presents the metrics token; null: none is sent. */
    private final String authorization;

    /** Without a metrics token: only backends on this machine answer. */
    public BackendScraper(List<Backend> backends, Duration timeout, Clock clock) {
        this(backends, timeout, clock, null);
    }

    /** @param metricsToken {@code FICHAS_METRICS_TOKEN}, sent to every backend; null: none */
    public BackendScraper(List<Backend> backends, Duration timeout, Clock clock, String metricsToken) {
        this.authorization = metricsToken == null ? null : MetricsCallers.authorization(metricsToken);
        this.backends = List.copyOf(backends);
        this.timeout = timeout;
        this.clock = clock;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fichas-balancer-scrape");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(executor)
                .build();
    }

    /** Starts one scrape of every backend; results replace the previous ones as they arrive. */
    public void scrapeAll() {
        for (Backend b : backends) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + b.host() + ":" + b.port() + "/metrics"))
                    .timeout(timeout)
                    .header("X-Request-Id", "balancer-scrape")
                    .GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((response, error) -> latest.put(b.id(), result(b, response, error)));
        }
    }

    private ScrapedMetrics result(Backend b, HttpResponse<String> response, Throwable error) {
        if (error != null || response.statusCode() != 200) {
            log.debug("backend {} metrics not scraped: {}", b.id(),
                    error != null ? String.valueOf(error) : "status " + response.statusCode());
            return ScrapedMetrics.unreachable(clock.instant());
        }
        return ScrapedMetrics.from(clock.instant(), PrometheusText.parse(response.body()));
    }

    /** The last scrape of that backend; unreachable until the first one completes. */
    public ScrapedMetrics latest(String backendId) {
        ScrapedMetrics m = latest.get(backendId);
        return m != null ? m : ScrapedMetrics.unreachable(clock.instant());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
