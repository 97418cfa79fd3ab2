package fichas.balancer;

import fichas.core.config.Checks;
import fichas.core.config.ConfigException;
import fichas.core.config.Secret;
import fichas.core.config.Settings;
import fichas.observability.access.MetricsCallers;
import fichas.observability.alerts.WebhookConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * What the balancer's monitoring side needs: how long an admin token check is reused, how often backends
 * are scraped, where alerts are posted, and when its own alerts fire and clear. Validated in the compact
 * constructor; immutable. {@link #toString()} masks the webhook URL's path and query, which often carry a
 * secret (chat webhooks do).
 *
 * @param tokenCacheTtl           how long an instance's answer to a token check (valid or not) is reused: a
 *                                logout ends a console session within this time
 * @param authFailuresPerMinute   failed admin token look-ups allowed per client address per minute (burst a
 *                                minute's worth) before the next look-up is answered 429; 0 turns it off
 * @param scrapeInterval          how often each backend's {@code /metrics} is read
 * @param webhookUrl              alerts are POSTed here when set; null: not posted
 * @param restartAlertClearAfter  {@code instance_restarted} resolves once the instance was healthy this long
 * @param backendDownAlertAfter   {@code backend_down} is raised when a backend stayed DOWN this long
 * @param metricsToken            {@code FICHAS_METRICS_TOKEN}: sent with every scrape of an instance's
 *                                {@code /metrics} (instances on other hosts need it), and opens
 *                                {@code /balancer/metrics} from another host; empty: loopback only
 */
public record MonitoringConfig(Duration tokenCacheTtl, int authFailuresPerMinute,
                               Duration scrapeInterval, URI webhookUrl, Duration restartAlertClearAfter,
                               Duration backendDownAlertAfter, Optional<Secret> metricsToken) {

    public MonitoringConfig {
        Checks.betweenMillis("FICHAS_BALANCER_TOKEN_CACHE_MS", tokenCacheTtl, 0, 600_000);
        Checks.between("FICHAS_BALANCER_AUTH_FAILURES_PER_MINUTE", authFailuresPerMinute, 0, 100_000);
        Checks.betweenMillis("FICHAS_BALANCER_SCRAPE_INTERVAL_MS", scrapeInterval, 100, 600_000);
        Checks.betweenMillis("FICHAS_ALERT_RESTART_CLEAR_MS", restartAlertClearAfter, 0, 86_400_000);
        Checks.betweenMillis("FICHAS_ALERT_BACKEND_DOWN_MS", backendDownAlertAfter, 0, 86_400_000);
        metricsToken.map(token -> MetricsCallers.problem(token.reveal())).ifPresent(problem -> {
            throw new ConfigException("FICHAS_METRICS_TOKEN " + problem);
        });
        if (webhookUrl != null && !("http".equals(webhookUrl.getScheme()) || "https".equals(webhookUrl.getScheme()))) {
            throw new ConfigException("FICHAS_ALERT_WEBHOOK_URL must be an http or https URL, but was " + mask(webhookUrl));
        }
        if (webhookUrl != null && webhookUrl.getHost() == null) {
            // "https:hooks.example/..." parses, with no host; refused here, before any port is bound.
            throw new ConfigException("FICHAS_ALERT_WEBHOOK_URL must be an http or https URL with a host, but has none");
        }
    }

    public static MonitoringConfig defaults() {
        return new MonitoringConfig(Duration.ofSeconds(1), 20, Duration.ofSeconds(2), null,
                Duration.ofMinutes(5), Duration.ofSeconds(30), Optional.empty());
    }

    /** Reads the monitoring keys from {@code environment} alone (tests). */
    public static MonitoringConfig fromEnvironment(java.util.Map<String, String> environment) {
        return from(Settings.of(environment));
    }

    public static MonitoringConfig from(Settings settings) {
        MonitoringConfig d = defaults();
        return new MonitoringConfig(
                settings.millis("FICHAS_BALANCER_TOKEN_CACHE_MS", d.tokenCacheTtl),
                settings.integer("FICHAS_BALANCER_AUTH_FAILURES_PER_MINUTE", d.authFailuresPerMinute),
                settings.millis("FICHAS_BALANCER_SCRAPE_INTERVAL_MS", d.scrapeInterval),
                url("FICHAS_ALERT_WEBHOOK_URL", settings.string("FICHAS_ALERT_WEBHOOK_URL", null)),
                settings.millis("FICHAS_ALERT_RESTART_CLEAR_MS", d.restartAlertClearAfter),
                settings.millis("FICHAS_ALERT_BACKEND_DOWN_MS", d.backendDownAlertAfter),
                settings.optionalString("FICHAS_METRICS_TOKEN").map(Secret::new));
    }

    public MonitoringConfig withWebhookUrl(URI value) {
        return new MonitoringConfig(tokenCacheTtl, authFailuresPerMinute, scrapeInterval, value,
                restartAlertClearAfter, backendDownAlertAfter, metricsToken);
    }

    public MonitoringConfig withScrapeInterval(Duration value) {
        return new MonitoringConfig(tokenCacheTtl, authFailuresPerMinute, value, webhookUrl,
                restartAlertClearAfter, backendDownAlertAfter, metricsToken);
    }

    /** 0 turns the failed-token throttle off. */
    public MonitoringConfig withAuthFailuresPerMinute(int value) {
        return new MonitoringConfig(tokenCacheTtl, value, scrapeInterval, webhookUrl,
                restartAlertClearAfter, backendDownAlertAfter, metricsToken);
    }

    public MonitoringConfig withMetricsToken(String value) {
        return new MonitoringConfig(tokenCacheTtl, authFailuresPerMinute, scrapeInterval, webhookUrl,
                restartAlertClearAfter, backendDownAlertAfter, Optional.ofNullable(value).map(Secret::new));
    }

    /** Who may call {@code /balancer/metrics} without an admin token. */
    public MetricsCallers metricsCallers() {
        return MetricsCallers.localOr(metricsToken.map(Secret::reveal).orElse(null));
    }

    public MonitoringConfig withAlertTimes(Duration restartClearAfter, Duration backendDownAfter) {
        return new MonitoringConfig(tokenCacheTtl, authFailuresPerMinute, scrapeInterval, webhookUrl,
                restartClearAfter, backendDownAfter, metricsToken);
    }

    private static URI url(String key, String text) {
        if (text == null) {
            return null;
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(key + " must be a URL, but does not parse: " + e.getReason());
        }
    }

    /** Scheme, host and port only: the rest of a webhook URL is often a secret. */
    static String mask(URI url) {
        return url == null ? "(not set)" : WebhookConfig.masked(url);
    }

    @Override
    public String toString() {
        return "MonitoringConfig[tokenCacheTtl=" + tokenCacheTtl + ", authFailuresPerMinute=" + authFailuresPerMinute
                + ", scrapeInterval=" + scrapeInterval
                + ", webhookUrl=" + mask(webhookUrl) + ", restartAlertClearAfter=" + restartAlertClearAfter
                + ", backendDownAlertAfter=" + backendDownAlertAfter
                + ", metricsToken=" + metricsToken.map(Object::toString).orElse("(unset)") + "]";
    }
}
