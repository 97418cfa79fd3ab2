package fichas.balancer;

import fichas.core.config.Checks;
import fichas.core.config.Settings;
import java.time.Duration;

/**
 * Active health checks of the backends and the passive count of failed requests.
 *
 * @param interval        FICHAS_HEALTH_INTERVAL_MS, between checks of a healthy backend
 * @param fastInterval    FICHAS_HEALTH_FAST_INTERVAL_MS, between checks of a backend in doubt (≤ interval;
 *                        unset: 250 ms, or the interval when that is shorter)
 * @param timeout         FICHAS_HEALTH_TIMEOUT_MS, of one check
 * @param fall            FICHAS_HEALTH_FALL, failed checks in a row that take a backend out
 * @param rise            FICHAS_HEALTH_RISE, passed checks in a row that bring it back
 * @param passiveFailures FICHAS_PASSIVE_FAILURES, failed requests in a row that put a backend in doubt
 */
public record HealthConfig(Duration interval, Duration fastInterval, Duration timeout, int fall, int rise,
                           int passiveFailures) {
    static final Duration DEFAULT_FAST_INTERVAL = Duration.ofMillis(250);

    public HealthConfig {
        Checks.betweenMillis("FICHAS_HEALTH_INTERVAL_MS", interval, 10, 600_000);
        Checks.betweenMillis("FICHAS_HEALTH_FAST_INTERVAL_MS", fastInterval, 10, interval.toMillis());
        Checks.betweenMillis("FICHAS_HEALTH_TIMEOUT_MS", timeout, 10, 60_000);
        Checks.between("FICHAS_HEALTH_FALL", fall, 2, 100);
        Checks.between("FICHAS_HEALTH_RISE", rise, 2, 100);
        Checks.between("FICHAS_PASSIVE_FAILURES", passiveFailures, 1, 1000);
    }

    public static HealthConfig defaults() {
        return new HealthConfig(Duration.ofSeconds(1), DEFAULT_FAST_INTERVAL, Duration.ofMillis(500), 2, 2, 3);
    }

    /** The default fast interval for a given interval: 250 ms, or the interval when that is shorter. */
    static Duration defaultFastInterval(Duration interval) {
        return interval.compareTo(DEFAULT_FAST_INTERVAL) < 0 ? interval : DEFAULT_FAST_INTERVAL;
    }

    public static HealthConfig from(Settings settings) {
        HealthConfig d = defaults();
        Duration interval = settings.millis("FICHAS_HEALTH_INTERVAL_MS", d.interval);
        return new HealthConfig(interval,
                settings.millis("FICHAS_HEALTH_FAST_INTERVAL_MS", defaultFastInterval(interval)),
                settings.millis("FICHAS_HEALTH_TIMEOUT_MS", d.timeout),
                settings.integer("FICHAS_HEALTH_FALL", d.fall),
                settings.integer("FICHAS_HEALTH_RISE", d.rise),
                settings.integer("FICHAS_PASSIVE_FAILURES", d.passiveFailures));
    }
}
