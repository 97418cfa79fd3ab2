package fichas.balancer;

import fichas.core.config.Checks;
import fichas.core.config.Settings;

/**
 * Per-client-address request rate limits (token buckets); off also lifts the front door's per-client caps.
 *
 * @param enabled         FICHAS_RATELIMIT_ENABLED
 * @param perMinute       FICHAS_RATELIMIT_PER_MINUTE, requests per minute per client address
 * @param healthPerMinute FICHAS_RATELIMIT_HEALTH_PER_MINUTE, the separate budget of {@code GET /health}
 */
public record RateLimitConfig(boolean enabled, int perMinute, int healthPerMinute) {
    public RateLimitConfig {
        Checks.between("FICHAS_RATELIMIT_PER_MINUTE", perMinute, 1, 10_000_000);
        Checks.between("FICHAS_RATELIMIT_HEALTH_PER_MINUTE", healthPerMinute, 1, 10_000_000);
    }

    public static RateLimitConfig defaults() {
        return new RateLimitConfig(true, 200, 500);
    }

    public static RateLimitConfig from(Settings settings) {
        RateLimitConfig d = defaults();
        return new RateLimitConfig(settings.bool("FICHAS_RATELIMIT_ENABLED", d.enabled),
                settings.integer("FICHAS_RATELIMIT_PER_MINUTE", d.perMinute),
                settings.integer("FICHAS_RATELIMIT_HEALTH_PER_MINUTE", d.healthPerMinute));
    }
}
