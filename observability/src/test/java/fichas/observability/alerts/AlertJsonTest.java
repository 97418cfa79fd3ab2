package fichas.observability.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Alert active = new Alert(7, "error_rate_high", "balancer", Severity.CRITICAL,
            "Error rate above 5% (value 0.12 > threshold 0.05)", 0.12, 0.05, Instant.parse("2026-11-25T10:00:00Z"),
            null, null, "balancer");

    @Test
    void rendersAnActiveThresholdAlertWithSnakeCaseKeysInOrder() throws Exception {
        assertThat(JSON.writeValueAsString(AlertJson.toMap(active))).isEqualTo("{\"id\":7,\"rule\":\"error_rate_high\","
                + "\"subject\":\"balancer\",\"severity\":\"critical\",\"status\":\"active\","
                + "\"message\":\"Error rate above 5% (value 0.12 > threshold 0.05)\",\"value\":0.12,"
                + "\"threshold\":0.05,\"raised_at\":\"2026-11-25T10:00:00Z\",\"resolved_at\":null,"
                + "\"resolved_by\":null,\"source\":\"balancer\"}");
    }

    @Test
    void rendersAResolvedEventAlertWithNullNumbersAndUtcInstantsInWholeSeconds() {
        Alert event = new Alert(8, "backend_down", "8001", Severity.WARNING, "backend 8001 DOWN", Double.NaN,
                Double.NaN, Instant.parse("2026-11-25T10:00:00.250Z"), Instant.parse("2026-11-25T10:05:00.999999Z"),
                "ana", "balancer");

        Map<String, Object> json = AlertJson.toMap(event);

        assertThat(json).containsKeys("value", "threshold");
        assertThat(json.get("value")).isNull();
        assertThat(json.get("threshold")).isNull();
        assertThat(json).containsEntry("severity", "warning").containsEntry("status", "resolved")
                .containsEntry("raised_at", "2026-11-25T10:00:00Z")
                .containsEntry("resolved_at", "2026-11-25T10:05:00Z").containsEntry("resolved_by", "ana")
                .containsEntry("id", 8L);
        assertThat(json.keySet()).containsExactly("id", "rule", "subject", "severity", "status", "message", "value",
                "threshold", "raised_at", "resolved_at", "resolved_by", "source");
    }

    @Test
    void infinityHasNoJsonFormEither() {
        Alert infinite = new Alert(9, "latency_high", "balancer", Severity.WARNING, "slow",
                Double.POSITIVE_INFINITY, 0.5, Instant.EPOCH, null, null, "balancer");
        assertThat(AlertJson.toMap(infinite).get("value")).isNull();
        assertThat(AlertJson.toMap(infinite).get("threshold")).isEqualTo(0.5);
    }
}
