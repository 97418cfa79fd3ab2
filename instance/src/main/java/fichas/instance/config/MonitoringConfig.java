package fichas.instance.config;

import fichas.core.config.Checks;
import fichas.core.config.ConfigException;
import fichas.core.config.Secret;
import fichas.core.config.Settings;
import fichas.observability.access.MetricsCallers;
import java.time.Duration;
import java.util.Optional;

/**
 * How an instance samples its own metrics for {@code /monitoring/metrics} and the alert rules, and who besides
 * callers on this machine may read {@code /metrics} without a user's token.
 *
 * @param sampleInterval how often the sampler computes the metrics, keeps them in the history and evaluates the alerts
 * @param historySize    samples kept per metric (the oldest is dropped first)
 * @param metricsToken   {@code FICHAS_METRICS_TOKEN}: a bearer token that opens {@code /metrics} from another host
 *                       (the balancer's scrape, a Prometheus); empty: loopback callers and admins only
 * @param heapTrimIdle   {@code FICHAS_HEAP_TRIM_IDLE_S}: after a burst of load, this long without a garbage
 *                       collection makes the instance give its heap back with one full collection; zero: never
 */
public record MonitoringConfig(Duration sampleInterval, int historySize, Optional<Secret> metricsToken,
                               Duration heapTrimIdle) {
    public MonitoringConfig {
        Checks.between("FICHAS_HEAP_TRIM_IDLE_S", heapTrimIdle.toSeconds(), 0, 86_400);
        Checks.between("FICHAS_MONITORING_SAMPLE_INTERVAL_S", (int) Math.min(Integer.MAX_VALUE,
                sampleInterval.toSeconds()), 1, 3600);
        Checks.between("FICHAS_MONITORING_HISTORY_SIZE", historySize, 10, 100_000);
        metricsToken.map(token -> MetricsCallers.problem(token.reveal())).ifPresent(problem -> {
            throw new ConfigException("FICHAS_METRICS_TOKEN " + problem);
        });
    }

    static MonitoringConfig from(Settings settings) {
        return new MonitoringConfig(Duration.ofSeconds(settings.longValue("fichas.monitoring.sample.interval.s")),
                settings.integer("fichas.monitoring.history.size"),
                settings.optionalString("fichas.metrics.token").filter(s -> !s.isEmpty()).map(Secret::new),
                Duration.ofSeconds(settings.longValue("fichas.heap.trim.idle.s")));
    }

    /** Who may call {@code /metrics} without a user's token. */
    public MetricsCallers metricsCallers() {
        return MetricsCallers.localOr(metricsToken.map(Secret::reveal).orElse(null));
    }
}
