package fichas.observability.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

    private static final MetricProbe NO_DATA = OptionalDouble::empty;
    private static final URI URL = URI.create("http://127.0.0.1:9999/hooks/alerts");
    private static final Duration SECOND = Duration.ofSeconds(1);

    @ParameterizedTest
    @ValueSource(strings = {"", "CPU_high", "cpu-high", "cpu high", "cpú"})
    void aRuleNameIsLowerCaseLettersDigitsAndUnderscores(String name) {
        assertThatThrownBy(() -> new ThresholdRule(name, "d", Severity.WARNING, 1, Duration.ZERO, NO_DATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must match [a-z0-9_]+, but was '" + name + "'");
    }

    @Test
    void aRuleRejectsMissingFieldsANaNThresholdAndANegativeWindow() {
        assertRule(() -> new ThresholdRule(null, "d", Severity.WARNING, 1, Duration.ZERO, NO_DATA),
                "name must not be null");
        assertRule(() -> new ThresholdRule("r", null, Severity.WARNING, 1, Duration.ZERO, NO_DATA),
                "description must not be null");
        assertRule(() -> new ThresholdRule("r", "d", null, 1, Duration.ZERO, NO_DATA), "severity must not be null");
        assertRule(() -> new ThresholdRule("r", "d", Severity.WARNING, Double.NaN, Duration.ZERO, NO_DATA),
                "threshold must be a number, but was NaN (rule r)");
        assertRule(() -> new ThresholdRule("r", "d", Severity.WARNING, 1, null, NO_DATA), "window must not be null");
        assertRule(() -> new ThresholdRule("r", "d", Severity.WARNING, 1, Duration.ofSeconds(-1), NO_DATA),
                "window must be >= 0, but was PT-1S (rule r)");
        assertRule(() -> new ThresholdRule("r", "d", Severity.WARNING, 1, Duration.ZERO, null),
                "probe must not be null");
    }

    @Test
    void aValidRuleKeepsItsFields() {
        ThresholdRule rule = new ThresholdRule("p95_latency_2", "p95", Severity.CRITICAL, 0.5, Duration.ofMinutes(1),
                NO_DATA);
        assertThat(rule.name()).isEqualTo("p95_latency_2");
        assertThat(rule.window()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void webhookDefaultsAreFiveAttemptsOneToThirtySecondsFiveSecondTimeoutAndAThousandQueued() {
        assertThat(WebhookConfig.defaults(URL))
                .isEqualTo(new WebhookConfig(URL, 5, SECOND, Duration.ofSeconds(30), Duration.ofSeconds(5), 1000));
    }

    @Test
    void aWebhookConfigNamesTheFieldItRejects() {
        assertRule(() -> new WebhookConfig(null, 5, SECOND, SECOND, SECOND, 1), "url must not be null");
        assertRule(() -> new WebhookConfig(URI.create("ftp://host/x"), 5, SECOND, SECOND, SECOND, 1),
                "url must be an absolute http(s) URL with a host, but had scheme 'ftp' and host 'host'");
        assertRule(() -> new WebhookConfig(URI.create("/hooks"), 5, SECOND, SECOND, SECOND, 1),
                "url must be an absolute http(s) URL with a host, but had scheme 'null' and host 'null'");
        // "https:" without the slashes (a typo) has no host; the message must not echo the secret path.
        assertRule(() -> new WebhookConfig(URI.create("https:hooks.example/services/T0/B0/s3cr3t"), 5, SECOND, SECOND,
                SECOND, 1), "url must be an absolute http(s) URL with a host, but had scheme 'https' and host 'null'");
        assertRule(() -> new WebhookConfig(URL, 0, SECOND, SECOND, SECOND, 1), "maxAttempts must be >= 1, but was 0");
        assertRule(() -> new WebhookConfig(URL, 5, Duration.ZERO, SECOND, SECOND, 1),
                "initialBackoff must be > 0, but was PT0S");
        assertRule(() -> new WebhookConfig(URL, 5, null, SECOND, SECOND, 1), "initialBackoff must not be null");
        assertRule(() -> new WebhookConfig(URL, 5, SECOND, Duration.ofMillis(500), SECOND, 1),
                "maxBackoff must be >= initialBackoff (PT1S), but was PT0.5S");
        assertRule(() -> new WebhookConfig(URL, 5, SECOND, SECOND, Duration.ofSeconds(-5), 1),
                "timeout must be > 0, but was PT-5S");
        assertRule(() -> new WebhookConfig(URL, 5, SECOND, SECOND, SECOND, 0), "queueCapacity must be >= 1, but was 0");
    }

    @Test
    void theBackoffDoublesAfterEachFailedAttemptUpToTheCap() {
        WebhookConfig config = WebhookConfig.defaults(URL);
        assertThat(config.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.backoffAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(config.backoffAfter(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.backoffAfter(1_000)).isEqualTo(Duration.ofSeconds(30));
    }

    private static void assertRule(Runnable construct, String message) {
        assertThatThrownBy(construct::run).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
