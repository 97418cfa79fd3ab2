package fichas.balancer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.balancer.BalancerConfig;
import fichas.balancer.MonitoringConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitoringConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        MonitoringConfig m = BalancerConfig.fromEnvironment(Map.of()).monitoring();
        assertThat(m.tokenCacheTtl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(m.authFailuresPerMinute()).isEqualTo(20);
        assertThat(m.scrapeInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(m.webhookUrl()).isNull();
        assertThat(m.restartAlertClearAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(m.backendDownAlertAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void environmentKeysOverrideTheDefaults() {
        MonitoringConfig m = MonitoringConfig.fromEnvironment(Map.of(
                "FICHAS_BALANCER_TOKEN_CACHE_MS", "3000",
                "FICHAS_BALANCER_AUTH_FAILURES_PER_MINUTE", "0",
                "FICHAS_BALANCER_SCRAPE_INTERVAL_MS", "5000",
                "FICHAS_ALERT_WEBHOOK_URL", "https://hooks.example/services/T0/B0/s3cr3t",
                "FICHAS_ALERT_RESTART_CLEAR_MS", "60000",
                "FICHAS_ALERT_BACKEND_DOWN_MS", "10000"));
        assertThat(m.tokenCacheTtl()).isEqualTo(Duration.ofSeconds(3));
        assertThat(m.authFailuresPerMinute()).as("0 turns the throttle off").isZero();
        assertThat(m.scrapeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(m.webhookUrl()).isEqualTo(URI.create("https://hooks.example/services/T0/B0/s3cr3t"));
        assertThat(m.restartAlertClearAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(m.backendDownAlertAfter()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theWebhookSecretNeverReachesTheLoggedConfiguration() {
        BalancerConfig c = BalancerConfig.fromEnvironment(Map.of(
                "FICHAS_ALERT_WEBHOOK_URL", "https://hooks.example:8443/services/T0/B0/s3cr3t?token=abc"));
        assertThat(c.toString()).contains("https://hooks.example:8443/****").doesNotContain("s3cr3t", "abc");
    }

    @Test
    void theMetricsTokenIsReadCheckedAndNeverPrinted() {
        MonitoringConfig m = MonitoringConfig.fromEnvironment(Map.of("FICHAS_METRICS_TOKEN", "scrape-token-0123456789"));
        assertThat(m.metricsToken()).map(t -> t.reveal()).contains("scrape-token-0123456789");
        assertThat(m.toString()).contains("metricsToken=******").doesNotContain("scrape-token");
        assertThat(MonitoringConfig.defaults().metricsToken()).isEmpty();
        assertThatThrownBy(() -> MonitoringConfig.fromEnvironment(Map.of("FICHAS_METRICS_TOKEN", "short")))
                .hasMessage("FICHAS_METRICS_TOKEN must be at least 16 characters, but has 5");
    }

    @Test
    void badValuesFailWithTheKey() {
        assertThatThrownBy(() -> MonitoringConfig.fromEnvironment(Map.of("FICHAS_ALERT_WEBHOOK_URL", "ftp://x/y")))
                .hasMessageStartingWith("FICHAS_ALERT_WEBHOOK_URL must be an http or https URL");
        assertThatThrownBy(() -> MonitoringConfig.fromEnvironment(Map.of("FICHAS_ALERT_WEBHOOK_URL", "http://a b")))
                .hasMessageStartingWith("FICHAS_ALERT_WEBHOOK_URL must be a URL");
        assertThatThrownBy(() -> MonitoringConfig.fromEnvironment(Map.of("FICHAS_ALERT_WEBHOOK_URL",
                "https:hooks.example/services/T0/B0/s3cr3t")))
                .hasMessageStartingWith("FICHAS_ALERT_WEBHOOK_URL must be an http or https URL with a host")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> MonitoringConfig.fromEnvironment(Map.of("FICHAS_BALANCER_SCRAPE_INTERVAL_MS", "10")))
                .hasMessage("FICHAS_BALANCER_SCRAPE_INTERVAL_MS must be between 100 and 600000 ms, but was 10");
        assertThatThrownBy(() -> MonitoringConfig.fromEnvironment(Map.of("FICHAS_BALANCER_AUTH_FAILURES_PER_MINUTE", "-1")))
                .hasMessage("FICHAS_BALANCER_AUTH_FAILURES_PER_MINUTE must be between 0 and 100000, but was -1");
        assertThatThrownBy(() -> MonitoringConfig.fromEnvironment(Map.of("FICHAS_BALANCER_AUTH_FAILURES_PER_MINUTE", "many")))
                .hasMessage("FICHAS_BALANCER_AUTH_FAILURES_PER_MINUTE must be an integer, but was 'many'");
        assertThatThrownBy(() -> MonitoringConfig.defaults().withAuthFailuresPerMinute(100_001))
                .hasMessage("FICHAS_BALANCER_AUTH_FAILURES_PER_MINUTE must be between 0 and 100000, but was 100001");
    }

    @Test
    void theAuthFailureBudgetIsPartOfTheLoggedConfiguration() {
        assertThat(MonitoringConfig.defaults().toString()).contains("authFailuresPerMinute=20");
    }
}
