package fichas.balancer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.balancer.BalancerConfig;
import fichas.balancer.FrontDoorConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrontDoorConfigTest {

    @Test
    void defaults_are_the_documented_ones() {
        FrontDoorConfig d = BalancerConfig.fromEnvironment(Map.of()).frontDoor();
        assertThat(d.bodyBudgetBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(d.clientBodyBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(d.clientConnections()).isEqualTo(64);
        assertThat(d.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.bodyWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.bodyMinBytesPerSecond()).isEqualTo(1024);
        assertThat(d.writeStallTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void keys_are_read_and_bad_values_fail_naming_the_key() {
        FrontDoorConfig c = FrontDoorConfig.fromEnvironment(Map.of(
                "FICHAS_BALANCER_BODY_BUDGET_BYTES", "33554432",
                "FICHAS_BALANCER_CLIENT_CONNECTIONS", "8",
                "FICHAS_BALANCER_WRITE_STALL_TIMEOUT_MS", "5000"));
        assertThat(c.bodyBudgetBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(c.clientBodyBytes()).as("the default share, under the budget").isEqualTo(16L * 1024 * 1024);
        assertThat(c.clientConnections()).isEqualTo(8);
        assertThat(c.writeStallTimeout()).isEqualTo(Duration.ofSeconds(5));

        assertThatThrownBy(() -> FrontDoorConfig.fromEnvironment(Map.of("FICHAS_BALANCER_CLIENT_CONNECTIONS", "0")))
                .hasMessageContaining("FICHAS_BALANCER_CLIENT_CONNECTIONS");
        assertThatThrownBy(() -> FrontDoorConfig.fromEnvironment(Map.of("FICHAS_BALANCER_HEADER_TIMEOUT_MS", "ten")))
                .hasMessageContaining("FICHAS_BALANCER_HEADER_TIMEOUT_MS");
        assertThatThrownBy(() -> FrontDoorConfig.fromEnvironment(Map.of(
                "FICHAS_BALANCER_BODY_BUDGET_BYTES", "2097152", "FICHAS_BALANCER_CLIENT_BODY_BYTES", "4194304")))
                .hasMessageContaining("FICHAS_BALANCER_CLIENT_BODY_BYTES");
        assertThatThrownBy(() -> FrontDoorConfig.fromEnvironment(Map.of("FICHAS_BALANCER_BODY_BUDGET_BYTES", "1000")))
                .hasMessageContaining("FICHAS_BALANCER_BODY_BUDGET_BYTES");
    }
}
