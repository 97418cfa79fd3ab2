package fichas.instance.config;

import fichas.core.config.Settings;
import fichas.core.config.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertConfigTest {
    @TempDir
    Path dataDir;

    private InstanceConfig load(Map<String, String> env) throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(InstanceConfig.DEFAULTS_RESOURCE)) {
            defaults.load(in);
        }
        Map<String, String> all = new HashMap<>(Map.of("FICHAS_DATA_DIR", dataDir.toString()));
        all.putAll(env);
        return InstanceConfig.from(new Settings(defaults, all, new Properties()));
    }

    @Test
    void the_defaults_are_the_rules_of_the_original_plan() throws IOException {
        InstanceConfig config = load(Map.of());

        assertThat(config.monitoring().sampleInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.monitoring().historySize()).isEqualTo(1000);
        AlertConfig alerts = config.alerts();
        assertThat(alerts.cpuPercent()).isEqualTo(80);
        assertThat(alerts.cpuWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(alerts.memoryPercent()).isEqualTo(85);
        assertThat(alerts.memoryWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(alerts.dbConnectionsPercent()).isEqualTo(80);
        assertThat(alerts.errorRatePercent()).isEqualTo(1);
        assertThat(alerts.errorRateWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(alerts.latencyP95Millis()).isEqualTo(2000);
        assertThat(alerts.latencyP95Window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(alerts.webhookUrl()).isEmpty();
    }

    @Test
    void thresholds_and_windows_are_read_from_the_environment() throws IOException {
        AlertConfig alerts = load(Map.of("FICHAS_ALERT_ERROR_RATE_PERCENT", "0.5", "FICHAS_ALERT_CPU_WINDOW_S", "0",
                "FICHAS_ALERT_WEBHOOK_URL", "https://hooks.example/fichas")).alerts();

        assertThat(alerts.errorRatePercent()).isEqualTo(0.5);
        assertThat(alerts.cpuWindow()).isZero();
        assertThat(alerts.webhookUrl()).contains(URI.create("https://hooks.example/fichas"));
    }

    @Test
    void impossible_values_are_refused_naming_the_key() {
        assertThatThrownBy(() -> load(Map.of("FICHAS_ALERT_CPU_PERCENT", "120")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FICHAS_ALERT_CPU_PERCENT");
        assertThatThrownBy(() -> load(Map.of("FICHAS_ALERT_MEMORY_PERCENT", "lots")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FICHAS_ALERT_MEMORY_PERCENT");
        assertThatThrownBy(() -> load(Map.of("FICHAS_ALERT_LATENCY_P95_WINDOW_S", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FICHAS_ALERT_LATENCY_P95_WINDOW_S");
        assertThatThrownBy(() -> load(Map.of("FICHAS_MONITORING_SAMPLE_INTERVAL_S", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FICHAS_MONITORING_SAMPLE_INTERVAL_S");
        assertThatThrownBy(() -> load(Map.of("FICHAS_MONITORING_HISTORY_SIZE", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FICHAS_MONITORING_HISTORY_SIZE");
        assertThatThrownBy(() -> load(Map.of("FICHAS_ALERT_WEBHOOK_URL", "ftp://user:pw@host/x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FICHAS_ALERT_WEBHOOK_URL")
                .hasMessageNotContaining("pw");
    }

    @Test
    void the_webhook_url_is_described_without_its_credentials_path_or_query() throws IOException {
        InstanceConfig config = load(Map.of("FICHAS_ALERT_WEBHOOK_URL",
                "https://bot:s3cret@hooks.example:8443/path/x?key=abc"));

        assertThat(config.describe().get("FICHAS_ALERT_WEBHOOK_URL"))
                .isEqualTo("https://******@hooks.example:8443/****?******");
        assertThat(config.describe().toString()).doesNotContain("s3cret", "key=abc", "path/x");
    }

    @Test
    void a_chat_webhook_keeps_the_secret_in_its_path_and_it_is_masked_too() throws IOException {
        InstanceConfig config = load(Map.of("FICHAS_ALERT_WEBHOOK_URL",
                "https://hooks.slack.com/services/T0001/B0002/XyZsecretToken123"));

        assertThat(config.describe().get("FICHAS_ALERT_WEBHOOK_URL")).isEqualTo("https://hooks.slack.com/****");
        assertThat(config.describe().toString()).doesNotContain("XyZsecretToken123");
    }
}
