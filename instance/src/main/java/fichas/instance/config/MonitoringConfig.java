package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.Checks;
import java.time.Duration;

/**
 * How an instance samples its own metrics for {@code /monitoring/metrics} and the alert rules.
 *
 * @param sampleInterval how often the sampler computes the metrics, keeps them in the history and evaluates the alerts
 * @param historySize    samples kept per metric (the oldest is dropped first)
 */
public record MonitoringConfig(Duration sampleInterval, int historySize) {
    public MonitoringConfig {
        Checks.between("FICHAS_MONITORING_SAMPLE_INTERVAL_S", (int) Math.min(Integer.MAX_VALUE,
                sampleInterval.toSeconds()), 1, 3600);
        Checks.between("FICHAS_MONITORING_HISTORY_SIZE", historySize, 10, 100_000);
    }

    static MonitoringConfig from(Settings settings) {
        return new MonitoringConfig(Duration.ofSeconds(settings.longValue("fichas.monitoring.sample.interval.s")),
                settings.integer("fichas.monitoring.history.size"));
    }
}
