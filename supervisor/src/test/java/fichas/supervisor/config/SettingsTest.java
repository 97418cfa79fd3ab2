package fichas.supervisor.config;

import fichas.core.config.Settings;
import fichas.balancer.BalancerConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsTest {
    private static Properties properties(String... namesAndValues) {
        Properties p = new Properties();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            p.setProperty(namesAndValues[i], namesAndValues[i + 1]);
        }
        return p;
    }

    @Test
    void aFichasSystemPropertyAppearsUnderItsEnvironmentName() {
        Settings s = Settings.of(Map.of("FICHAS_HOME", "/srv/fichas"),
                properties("fichas.alert.webhook.url", "https://hooks.example/fichas/T0K3N"));

        assertThat(s.environmentWithProperties())
                .containsEntry("FICHAS_ALERT_WEBHOOK_URL", "https://hooks.example/fichas/T0K3N")
                .containsEntry("FICHAS_HOME", "/srv/fichas");
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironmentAsForTheInstance() {
        Settings s = Settings.of(Map.of("FICHAS_ALERT_WEBHOOK_URL", "https://env.example/hook"),
                properties("fichas.alert.webhook.url", "https://property.example/hook"));

        assertThat(s.environmentWithProperties()).containsEntry("FICHAS_ALERT_WEBHOOK_URL", "https://property.example/hook");
        assertThat(s.get("FICHAS_ALERT_WEBHOOK_URL")).contains("https://property.example/hook");
    }

    @Test
    void propertiesThatAreNotFichasKeysStayOut() {
        Settings s = Settings.of(Map.of(), properties("java.io.tmpdir", "/tmp", "fichasx.port", "1", "user.name", "ana"));

        assertThat(s.environmentWithProperties()).isEmpty();
    }

    @Test
    void theChildrensEnvironmentDoesNotGainTheProperties() {
        Settings s = Settings.of(Map.of("PATH", "/usr/bin"), properties("fichas.alert.webhook.url", "https://hooks.example/x"));

        assertThat(s.environment()).containsOnlyKeys("PATH");
    }

    @Test
    void theBalancerReadsItsWebhookFromTheSystemProperty() {
        Settings s = Settings.of(Map.of(), properties("fichas.alert.webhook.url", "https://hooks.example/fichas/T0K3N",
                "fichas.balancer.port", "9100"));

        BalancerConfig config = BalancerConfig.fromEnvironment(s.environmentWithProperties());

        assertThat(config.monitoring().webhookUrl()).isEqualTo(URI.create("https://hooks.example/fichas/T0K3N"));
        assertThat(config.listen().port()).isEqualTo(9100);
    }

    @Test
    void keyAndPropertyNamesMapBothWays() {
        assertThat(Settings.propertyName("FICHAS_ALERT_WEBHOOK_URL")).isEqualTo("fichas.alert.webhook.url");
        assertThat(Settings.keyName("fichas.alert.webhook.url")).isEqualTo("FICHAS_ALERT_WEBHOOK_URL");
    }
}
