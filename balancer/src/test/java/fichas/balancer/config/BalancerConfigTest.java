package fichas.balancer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.balancer.Backend;
import fichas.balancer.BalancerConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancerConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        BalancerConfig c = BalancerConfig.fromEnvironment(Map.of());
        assertThat(c.listen().port()).isEqualTo(9000);
        assertThat(c.listen().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.rateLimit().enabled()).isTrue();
        assertThat(c.rateLimit().perMinute()).isEqualTo(200);
        assertThat(c.rateLimit().healthPerMinute()).isEqualTo(500);
        assertThat(c.health().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.health().fastInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.health().timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.health().fall()).isEqualTo(2);
        assertThat(c.health().rise()).isEqualTo(2);
        assertThat(c.proxy().maxAttempts()).isEqualTo(3);
        assertThat(c.proxy().idleTimeout()).isLessThan(Duration.ofSeconds(60));
        assertThat(c.proxy().maxBodyBytes()).isGreaterThan(8 * BalancerConfig.MIB);
    }

    @Test
    void environmentKeysOverrideTheDefaults() {
        BalancerConfig c = BalancerConfig.fromEnvironment(Map.of(
                "FICHAS_BALANCER_PORT", "9100",
                "FICHAS_BALANCER_BIND_ADDRESS", "127.0.0.1",
                "FICHAS_RATELIMIT_ENABLED", "false",
                "FICHAS_RATELIMIT_PER_MINUTE", "1000",
                "FICHAS_HEALTH_INTERVAL_MS", "2000",
                "FICHAS_PROXY_QUEUE_SIZE", "10",
                "FICHAS_PROXY_QUEUE_TIMEOUT_MS", "750",
                "FICHAS_PROXY_CONNECTIONS_PER_BACKEND", "8"));
        assertThat(c.listen().port()).isEqualTo(9100);
        assertThat(c.listen().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.rateLimit().enabled()).isFalse();
        assertThat(c.rateLimit().perMinute()).isEqualTo(1000);
        assertThat(c.health().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.proxy().queueSize()).isEqualTo(10);
        assertThat(c.proxy().queueTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(c.proxy().connectionsPerBackend()).isEqualTo(8);
    }

    @Test
    void aShortIntervalAlsoShortensTheDefaultFastInterval() {
        assertThat(BalancerConfig.fromEnvironment(Map.of("FICHAS_HEALTH_INTERVAL_MS", "100")).health().fastInterval())
                .isEqualTo(Duration.ofMillis(100));
        assertThat(BalancerConfig.builder().healthInterval(Duration.ofMillis(100)).build().health().fastInterval())
                .isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void badValuesFailWithTheKeyAndTheValue() {
        assertThatThrownBy(() -> BalancerConfig.fromEnvironment(Map.of("FICHAS_BALANCER_PORT", "0")))
                .hasMessage("FICHAS_BALANCER_PORT must be between 1 and 65535, but was 0");
        assertThatThrownBy(() -> BalancerConfig.fromEnvironment(Map.of("FICHAS_HEALTH_FALL", "two")))
                .hasMessage("FICHAS_HEALTH_FALL must be an integer, but was 'two'");
        assertThatThrownBy(() -> BalancerConfig.fromEnvironment(Map.of("FICHAS_RATELIMIT_ENABLED", "maybe")))
                .hasMessage("FICHAS_RATELIMIT_ENABLED must be true or false, but was 'maybe'");
        assertThatThrownBy(() -> BalancerConfig.builder().healthFall(1).build())
                .hasMessage("FICHAS_HEALTH_FALL must be between 2 and 100, but was 1");
        assertThatThrownBy(() -> BalancerConfig.builder().maxAttempts(0).build())
                .hasMessage("FICHAS_PROXY_MAX_ATTEMPTS must be between 1 and 10, but was 0");
    }

    @Test
    void backendsParseFromHostColonPort() {
        assertThat(Backend.parse(" 127.0.0.1:8001 ")).isEqualTo(new Backend("8001", "127.0.0.1", 8001));
        assertThatThrownBy(() -> Backend.parse("localhost")).hasMessageContaining("host:port");
    }
}
