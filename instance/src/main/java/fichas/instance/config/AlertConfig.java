package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.ConfigException;
import fichas.core.config.Checks;
import fichas.observability.alerts.WebhookConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The thresholds and windows of an instance's alert rules, and where alerts are POSTed. A rule
 * raises its alert when its value has stayed above the threshold for the whole window (a window of
 * 0 raises at the first sample above it); values are read once per sampling interval.
 *
 * @param cpuPercent           process CPU, % of all cores
 * @param memoryPercent        heap used, % of the maximum heap
 * @param dbConnectionsPercent database connections in use, % of both pools together
 * @param errorRatePercent     responses with status ≥ 500, % of the responses of the last interval
 * @param latencyP95Millis     95th percentile of the last interval's request durations
 * @param webhookUrl           when present, every raised and resolved alert is POSTed there as JSON
 */
public record AlertConfig(double cpuPercent, Duration cpuWindow, double memoryPercent, Duration memoryWindow,
                          double dbConnectionsPercent, Duration dbConnectionsWindow, double errorRatePercent,
                          Duration errorRateWindow, long latencyP95Millis, Duration latencyP95Window,
                          Optional<URI> webhookUrl) {
    private static final long MAX_WINDOW_S = Duration.ofDays(1).toSeconds();

    public AlertConfig {
        percent("FICHAS_ALERT_CPU_PERCENT", cpuPercent);
        percent("FICHAS_ALERT_MEMORY_PERCENT", memoryPercent);
        percent("FICHAS_ALERT_DB_CONNECTIONS_PERCENT", dbConnectionsPercent);
        percent("FICHAS_ALERT_ERROR_RATE_PERCENT", errorRatePercent);
        Checks.atLeast("FICHAS_ALERT_LATENCY_P95_MS", latencyP95Millis, 1);
        window("FICHAS_ALERT_CPU_WINDOW_S", cpuWindow);
        window("FICHAS_ALERT_MEMORY_WINDOW_S", memoryWindow);
        window("FICHAS_ALERT_DB_CONNECTIONS_WINDOW_S", dbConnectionsWindow);
        window("FICHAS_ALERT_ERROR_RATE_WINDOW_S", errorRateWindow);
        window("FICHAS_ALERT_LATENCY_P95_WINDOW_S", latencyP95Window);
        webhookUrl.ifPresent(AlertConfig::requireHttpUrl);
    }

    static AlertConfig from(Settings settings) {
        return new AlertConfig(settings.decimal("fichas.alert.cpu.percent"),
                seconds(settings, "fichas.alert.cpu.window.s"),
                settings.decimal("fichas.alert.memory.percent"),
                seconds(settings, "fichas.alert.memory.window.s"),
                settings.decimal("fichas.alert.db.connections.percent"),
                seconds(settings, "fichas.alert.db.connections.window.s"),
                settings.decimal("fichas.alert.error.rate.percent"),
                seconds(settings, "fichas.alert.error.rate.window.s"),
                settings.longValue("fichas.alert.latency.p95.ms"),
                seconds(settings, "fichas.alert.latency.p95.window.s"),
                settings.optionalString("fichas.alert.webhook.url").map(AlertConfig::parseUrl));
    }

    /**
     * The webhook URL fit for logs and {@code /monitoring/system/info}: user info, path and query
     * masked. Chat webhooks carry their secret in the path ({@code /services/T0/B0/<secret>}).
     */
    public String maskedWebhookUrl() {
        return webhookUrl.map(AlertConfig::mask).orElse("(unset)");
    }

    static String mask(URI url) {
        return WebhookConfig.masked(url);
    }

    private static URI parseUrl(String raw) {
        try {
            return new URI(raw);
        } catch (URISyntaxException e) {
            // The message would echo the URL, which may carry a secret.
            throw new ConfigException("FICHAS_ALERT_WEBHOOK_URL must be an http(s) URL, but it cannot be parsed");
        }
    }

    private static void requireHttpUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new ConfigException("FICHAS_ALERT_WEBHOOK_URL must be an absolute http(s) URL with a host");
        }
    }

    private static void percent(String key, double value) {
        if (!(value > 0 && value <= 100)) {
            throw new ConfigException(key + " must be above 0 and at most 100, but was " + value);
        }
    }

    private static void window(String key, Duration window) {
        long seconds = window.toSeconds();
        if (seconds < 0 || seconds > MAX_WINDOW_S) {
            throw new ConfigException(key + " must be between 0 and " + MAX_WINDOW_S + ", but was " + seconds);
        }
    }

    private static Duration seconds(Settings settings, String key) {
        return Duration.ofSeconds(settings.longValue(key));
    }
}
