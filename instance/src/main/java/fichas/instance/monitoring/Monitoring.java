package fichas.instance.monitoring;

import fichas.instance.cache.Caches;
import fichas.instance.config.InstanceConfig;
import fichas.instance.http.Route;
import fichas.instance.store.Database;
import fichas.observability.alerts.AlertEngine;
import fichas.observability.history.MetricHistory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything an instance knows about itself: per-route request statistics, the sampler that turns
 * them (and the pools, caches, heap and CPU) into the ten metrics every interval, their history,
 * the alert rules evaluated after each sample, and the Prometheus registry. {@link #routes()} are
 * the {@code /monitoring/*} and {@code /metrics} routes; {@link #around} must wrap the whole
 * handler chain so that every request is counted. Start with {@link #start}, stop with
 * {@link #close}. Thread-safe.
 */
public final class Monitoring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Monitoring.class);

    private final InstanceConfig config;
    private final InstanceMeters meters;
    private final Database database;
    private final Caches caches;
    private final RequestMetrics requests;
    private final MetricHistory history;
    private final MetricSampler sampler;
    private final InstanceAlerts alerts;
    private final Instant startedAt;
    private final long startedNanos = System.nanoTime();
    private final ScheduledExecutorService scheduler;
    /** Null when FICHAS_HEAP_TRIM_IDLE_S is 0. */
    private final IdleHeapTrim heapTrim;

    /** More memory the idle trim gives back before its full collection (the password hasher's kept blocks). */
    private final List<Runnable> alsoReleasedWhenIdle = new CopyOnWriteArrayList<>();

    private Monitoring(InstanceConfig config, Clock clock, InstanceMeters meters, Database database, Caches caches) {
        this.config = config;
        this.meters = meters;
        this.database = database;
        this.caches = caches;
        this.startedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        this.requests = new RequestMetrics(meters.registry());
        this.history = new MetricHistory(config.monitoring().historySize());
        this.sampler = new MetricSampler(requests, database, caches, history, clock);
        this.alerts = new InstanceAlerts(config.server().instanceId(), clock, config.alerts(), sampler);
        Duration trimIdle = config.monitoring().heapTrimIdle();
        this.heapTrim = trimIdle.isZero() ? null : IdleHeapTrim.forThisJvm(trimIdle, () -> {
            database.releaseMemory();
            caches.releaseConnections();
            alsoReleasedWhenIdle.forEach(Runnable::run);
        });
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "monitoring-sampler");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Has the idle trim (FICHAS_HEAP_TRIM_IDLE_S) also run {@code release} before its full collection. */
    public void releaseWhenIdle(Runnable release) {
        alsoReleasedWhenIdle.add(release);
    }

    /** Binds the gauges and starts sampling every {@code FICHAS_MONITORING_SAMPLE_INTERVAL_S}. */
    public static Monitoring start(InstanceConfig config, Clock clock, InstanceMeters meters, Database database,
                                   Caches caches) {
        Monitoring monitoring = new Monitoring(config, clock, meters, database, caches);
        monitoring.bindGauges(meters.registry());
        long every = config.monitoring().sampleInterval().toMillis();
        monitoring.scheduler.scheduleAtFixedRate(monitoring::tick, every, every, TimeUnit.MILLISECONDS);
        return monitoring;
    }

    private void bindGauges(MeterRegistry registry) {
        Gauge.builder("fichas.cache.hit.ratio", caches, Caches::hitRatio)
                .description("cache hits / lookups of all caches since start; NaN before the first lookup")
                .register(registry);
        sampled(registry, "fichas.error.rate", "responses with status >= 500 / all responses, last interval",
                MetricsSample::errorRate);
        sampled(registry, "fichas.requests.per.second", "responses per second, last interval",
                MetricsSample::requestsPerSecond);
        sampled(registry, "fichas.latency.p95.seconds", "95th percentile request duration, last interval",
                sample -> sample.latencyP95Ms() / 1000.0);
        alerts.bindTo(registry);
    }

    private void sampled(MeterRegistry registry, String name, String description,
                         ToDoubleFunction<MetricsSample> value) {
        Gauge.builder(name, sampler, s -> {
            MetricsSample latest = s.latest();
            return latest == null ? Double.NaN : value.applyAsDouble(latest);
        }).description(description).register(registry);
    }

    /** Adds the real-time events (subscribers, events per second, delivery lag) to the sampled metrics. */
    public void watchEvents(EventsGauge events) {
        sampler.watch(events);
    }

    /** One sampling tick: the metrics, then the alert rules over them. Never throws (it is scheduled; tests call it). */
    public void tick() {
        try {
            sampler.sample();
            alerts.engine().evaluate();
            if (heapTrim != null && heapTrim.check(System.nanoTime())) {
                log.info("instance idle after a burst of load: heap trimmed by a full collection ({} so far)",
                        heapTrim.trims());
            }
        } catch (RuntimeException e) {
            log.warn("monitoring sample failed: {}", e.toString(), e);
        }
    }

    /** Wraps the handler chain so that each request is timed against its route. */
    public HttpHandler around(HttpHandler next) {
        return requests.around(next);
    }

    public List<Route> routes() {
        return new MonitoringRoutes(this).routes();
    }

    InstanceConfig config() {
        return config;
    }

    PrometheusMeterRegistry registry() {
        return meters.registry();
    }

    Database database() {
        return database;
    }

    Caches caches() {
        return caches;
    }

    RequestMetrics requests() {
        return requests;
    }

    MetricHistory history() {
        return history;
    }

    MetricSampler sampler() {
        return sampler;
    }

    public AlertEngine alerts() {
        return alerts.engine();
    }

    Instant startedAt() {
        return startedAt;
    }

    double uptimeSeconds() {
        return Math.round((System.nanoTime() - startedNanos) / 1e8) / 10.0;
    }

    /** Stops sampling and the webhook, then closes the registry. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        alerts.close();
        meters.close();
    }
}
